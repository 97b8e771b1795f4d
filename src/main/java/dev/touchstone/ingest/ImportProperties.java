package dev.touchstone.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.util.List;

/**
 * Import settings ({@code touchstone.import.*}).
 *
 * @param serverRoots   folders admins may import from by server path; nothing outside them is readable
 * @param workers       imports one replica runs at the same time
 * @param maxUploadSize largest browser upload
 * @param maxUnpackRatio  a zip archive may unpack to at most this many times its own size (zip bombs)
 * @param maxUnpackedSize and to at most this much, whatever its size
 * @param unpackDiskMargin free disk an unpacking archive always leaves to the rest of the server
 */
@ConfigurationProperties("touchstone.import")
public record ImportProperties(List<Path> serverRoots, @DefaultValue("1") int workers,
                               @DefaultValue("20GB") DataSize maxUploadSize,
                               @DefaultValue("100") int maxUnpackRatio,
                               @DefaultValue("200GB") DataSize maxUnpackedSize,
                               @DefaultValue("2GB") DataSize unpackDiskMargin) {

    public ImportProperties {
        serverRoots = serverRoots == null ? List.of() : List.copyOf(serverRoots);
        if (workers < 1) {
            throw new IllegalArgumentException("touchstone.import.workers must be at least 1");
        }
        if (maxUnpackRatio < 1) {
            throw new IllegalArgumentException("touchstone.import.max-unpack-ratio must be at least 1");
        }
    }
}

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Build-time generator of the jOOQ classes, run by exec-maven-plugin as a Java source file (so it needs no
 * compile step before generate-sources). It generates against a real PostgreSQL 18 after applying the Flyway
 * migrations, which gives exact types (jsonb, arrays, generated columns) that a DDL parser would get wrong.
 * Arguments: migration folder, output folder, target package.
 */
public class JooqCodegen {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String targetPackage = args[2];
        Path stamp = output.resolve(".migrations.sha256");

        String digest = digestOf(migrations);
        if (Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
            System.out.println("[jooq-codegen] migrations unchanged, keeping " + output);
            return;
        }
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("touchstone-codegen-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", "postgres")
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url)
                            .withUser("postgres").withPassword("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(targetPackage)
                                    .withDirectory(output.toString()))));
        }
        Files.writeString(stamp, digest);
        System.out.printf("[jooq-codegen] generated %s in %d ms%n", output, (System.nanoTime() - started) / 1_000_000);
    }

    private static String digestOf(Path migrations) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}

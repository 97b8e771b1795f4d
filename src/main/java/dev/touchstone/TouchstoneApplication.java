package dev.touchstone;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.lumo.Lumo;
import dev.touchstone.cli.AgreementCommand;
import dev.touchstone.cli.ImportCommand;
import dev.touchstone.cli.GenerateCommand;
import dev.touchstone.player.CameraView;
import dev.touchstone.player.views.CloudView;
import dev.touchstone.player.views.DepthView;
import dev.touchstone.player.views.SignalView;
import dev.touchstone.player.views.TactileView;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

import java.util.Arrays;

@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "database")
@StyleSheet(Lumo.STYLESHEET)
// The Lumo utility classes (LumoUtility) are a stylesheet of their own; without it they change nothing.
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles.css")
@PWA(name = "Touchstone", shortName = "Touchstone")
// Production bundles load a route's components only with that route; the views are also shown on a test-only
// route the build does not scan (SignalViewIT, CloudViewIT, SpatialLabelingIT), so they go into the eager part of
// the bundle. The test-only harness of SpatialLabelingIT is not: that test bundles it itself.
@Uses(SignalView.class)
@Uses(TactileView.class)
@Uses(CloudView.class)
@Uses(DepthView.class)
@Uses(CameraView.class)
public class TouchstoneApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        // Command-line entries: agreement and generate run without Spring; import starts it without a web server.
        if (args.length > 0 && args[0].equals("agreement")) {
            System.exit(AgreementCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("import")) {
            System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length), TouchstoneApplication.class,
                    System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(TouchstoneApplication.class, args);
    }
}

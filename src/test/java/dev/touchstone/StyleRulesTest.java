package dev.touchstone;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.dom.Style;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class StyleRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.touchstone");

    @Test
    void viewsStyleThroughClassesNotInlineCss() {
        ArchRule rule = noClasses().that(resideInAPackage("dev.touchstone..ui..")
                        .or(assignableTo(Component.class)))
                .should().callMethodWhere(inlineStyle())
                .because("docs/architecture.md, Frontend > Styling: views use Lumo utility classes"
                        + " (LumoUtility) or a named class in styles.css, never inline CSS through getStyle()");
        rule.check(MAIN);
    }

    /** getStyle() on a component or element, or any method of the Style it returns. */
    private static DescribedPredicate<JavaCall<?>> inlineStyle() {
        return DescribedPredicate.describe("getStyle() or a method of com.vaadin.flow.dom.Style", call -> {
            var target = call.getTarget();
            boolean style = target.getOwner().isAssignableTo(Style.class)
                    || target.getName().equals("getStyle") && (target.getOwner().isAssignableTo(HasStyle.class)
                    || target.getOwner().isAssignableTo(Element.class));
            return style;
        });
    }
}

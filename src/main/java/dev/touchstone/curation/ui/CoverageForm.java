package dev.touchstone.curation.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.touchstone.curation.CoverageMeasure;
import dev.touchstone.curation.CoverageTarget;
import dev.touchstone.curation.Factor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the coverage page shows: two or three factors, the measure the grid is coloured by, and an optional target
 * rule. The binder states the rules in words; the page redraws whenever the choice is valid.
 */
class CoverageForm extends HorizontalLayout {

    /** The page's choice. */
    static final class Choice {
        Factor rows;
        Factor columns;
        Factor layer;
        CoverageMeasure measure = CoverageMeasure.EPISODES;
        String rule = "";

        List<String> keys() {
            List<String> keys = new ArrayList<>(List.of(rows.key(), columns.key()));
            if (layer != null) {
                keys.add(layer.key());
            }
            return keys;
        }

        CoverageTarget target() {
            return rule == null || rule.isBlank() ? null : CoverageTarget.parse(rule).target();
        }
    }

    final ComboBox<Factor> rows = factorBox("coverage-rows", "Rows");
    final ComboBox<Factor> columns = factorBox("coverage-columns", "Columns");
    final ComboBox<Factor> layer = factorBox("coverage-layer", "Third factor (optional)");
    final Select<CoverageMeasure> measure = new Select<>();
    final TextField rule = new TextField("Target rule");
    private final Binder<Choice> binder = new Binder<>();
    private final Choice choice = new Choice();

    CoverageForm(List<Factor> factors, Consumer<Choice> changed) {
        for (ComboBox<Factor> box : List.of(rows, columns, layer)) {
            box.setItems(factors);
        }
        layer.setClearButtonVisible(true);
        measure.setId("coverage-measure");
        measure.setLabel("Colour by");
        measure.setItems(CoverageMeasure.values());
        measure.setItemLabelGenerator(m -> switch (m) {
            case EPISODES -> "Episodes";
            case ACCEPTED -> "Accepted episodes";
            case SUCCESS_RATE -> "Success rate";
            case QUALITY_FLAG -> "Mean quality flag";
        });
        rule.setId("coverage-rule");
        rule.setPlaceholder(">= 50 accepted per object x lighting");
        rule.setClearButtonVisible(true);
        rule.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        rule.setWidth("22em");

        binder.forField(rows).asRequired("Pick the factor of the rows")
                .bind(c -> c.rows, (c, v) -> c.rows = v);
        binder.forField(columns).asRequired("Pick the factor of the columns")
                .withValidator(f -> f == null || !f.equals(rows.getValue()), "Rows and columns need two factors")
                .bind(c -> c.columns, (c, v) -> c.columns = v);
        binder.forField(layer)
                .withValidator(f -> f == null || (!f.equals(rows.getValue()) && !f.equals(columns.getValue())),
                        "A third factor other than the rows' and the columns'")
                .bind(c -> c.layer, (c, v) -> c.layer = v);
        binder.forField(measure).bind(c -> c.measure, (c, v) -> c.measure = v);
        binder.forField(rule).withValidator((value, context) -> ruleProblem(value))
                .bind(c -> c.rule, (c, v) -> c.rule = v);
        measure.setValue(CoverageMeasure.EPISODES);
        if (factors.size() >= 2) {
            rows.setValue(factors.get(0));
            columns.setValue(factors.get(1));
        }
        binder.addValueChangeListener(e -> {
            if (binder.writeBeanIfValid(choice)) {
                changed.accept(choice);
            }
        });
        add(rows, columns, layer, measure, rule);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        setWrap(true);
    }

    Choice choice() {
        binder.writeBeanIfValid(choice);
        return choice;
    }

    boolean valid() {
        return binder.validate().isOk();
    }

    /** A rule must read as one, and when it names factors they must be the grid's. */
    private ValidationResult ruleProblem(String value) {
        if (value == null || value.isBlank()) {
            return ValidationResult.ok();
        }
        CoverageTarget.Rule parsed;
        try {
            parsed = CoverageTarget.parse(value);
        } catch (IllegalArgumentException e) {
            return ValidationResult.error(e.getMessage());
        }
        if (parsed.factors().isEmpty()) {
            return ValidationResult.ok();
        }
        List<String> shown = new ArrayList<>();
        for (Factor f : new Factor[]{rows.getValue(), columns.getValue(), layer.getValue()}) {
            if (f != null) {
                shown.add(f.key());
            }
        }
        for (String named : parsed.factors()) {
            boolean found = false;
            for (ComboBox<Factor> box : List.of(rows, columns, layer)) {
                Factor f = box.getValue();
                if (f != null && (f.key().equals(named) || f.name().toLowerCase(Locale.ROOT)
                        .equals(named.toLowerCase(Locale.ROOT)))) {
                    found = true;
                }
            }
            if (!found || parsed.factors().size() != shown.size()) {
                return ValidationResult.error("The rule is per " + String.join(" x ", parsed.factors())
                        + "; the grid shows " + String.join(" x ", shown));
            }
        }
        return ValidationResult.ok();
    }

    private static ComboBox<Factor> factorBox(String id, String label) {
        ComboBox<Factor> box = new ComboBox<>(label);
        box.setId(id);
        box.setItemLabelGenerator(Factor::name);
        return box;
    }
}

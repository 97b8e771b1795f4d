package dev.touchstone.quality.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.dom.Element;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.quality.ConfusionMatrix;

import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as an HTML table drawn like a heatmap: rows are the annotator's class, columns the consensus
 * class, each cell shaded by its share of the row (the diagonal green, confusions red).
 */
final class ConfusionTable {

    private ConfusionTable() {
    }

    static Div of(ConfusionMatrix matrix, LabelSchema schema) {
        List<String> names = matrix.classes().stream().map(key -> className(schema, matrix.definition(), key)).toList();
        Element table = new Element("table");
        table.getClassList().add("confusion");
        Element head = new Element("tr");
        head.appendChild(new Element("th").setText("annotator ↓ · consensus →").setAttribute("class", "corner"));
        names.forEach(name -> head.appendChild(new Element("th").setText(name).setAttribute("scope", "col")));
        table.appendChild(new Element("thead").appendChild(head));
        Element body = new Element("tbody");
        long[][] counts = matrix.counts();
        for (int row = 0; row < counts.length; row++) {
            Element tr = new Element("tr");
            tr.appendChild(new Element("th").setText(names.get(row)).setAttribute("scope", "row"));
            long total = 0;
            for (long c : counts[row]) {
                total += c;
            }
            for (int column = 0; column < counts[row].length; column++) {
                long count = counts[row][column];
                double share = total == 0 ? 0 : (double) count / total;
                Element td = new Element("td").setText(Long.toString(count));
                td.setAttribute("title", String.format(Locale.ROOT, "%s → %s: %d (%.0f%% of the row)",
                        names.get(row), names.get(column), count, share * 100));
                td.setAttribute("data-share", String.format(Locale.ROOT, "%.3f", share));
                String rgb = row == column ? "11, 110, 79" : "200, 40, 40";
                td.getStyle().set("background-color", String.format(Locale.ROOT, "rgba(%s, %.2f)", rgb, share));
                if (share > 0.55) {
                    td.getStyle().set("color", "white");
                }
                tr.appendChild(td);
            }
            body.appendChild(tr);
        }
        table.appendChild(body);
        Div card = new Div(new H4(matrix.name()));
        card.addClassName("confusion-card");
        card.getElement().setAttribute("data-definition", matrix.definition());
        card.getElement().appendChild(table);
        return card;
    }

    private static String className(LabelSchema schema, String definition, String key) {
        return schema.definitions().stream().filter(d -> d.key().equals(definition)).findFirst()
                .flatMap(d -> d.labelClass(key)).map(LabelSchema.LabelClass::name).orElse(key);
    }
}

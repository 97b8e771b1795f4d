package dev.touchstone.audit.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The organization's audit log, newest first, paged from the database (it grows without bound). Targets show their
 * names where the owning module resolves them (the id as a tooltip), else a short id.
 */
@Route("admin/audit")
@PageTitle("Audit log")
@Menu(order = 12, title = "Audit log", icon = "vaadin:records")
@RolesAllowed(Role.ADMIN_NAME)
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    public AuditLogView(AuditService audit) {
        setSizeFull();
        TextField filter = new TextField();
        filter.setId("audit-filter");
        filter.setPlaceholder("Action starts with, e.g. auth.login");
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setWidth("24em");

        Grid<AuditEntry> grid = new Grid<>();
        grid.setId("audit-grid");
        grid.addColumn(e -> TIME.format(e.occurredAt())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> e.actorName() == null ? "system" : e.actorName()).setHeader("Who").setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("What").setAutoWidth(true);
        grid.addColumn(AuditEntry::targetText).setHeader("Target").setAutoWidth(true)
                .setTooltipGenerator(e -> nullToEmpty(e.targetId()));
        grid.addColumn(AuditEntry::details).setHeader("Details").setFlexGrow(1);
        grid.addColumn(e -> nullToEmpty(e.clientAddress())).setHeader("From").setAutoWidth(true);
        grid.setItems(query -> audit.page(filter.getValue(), query.getOffset(), query.getLimit()).stream(),
                query -> audit.count(filter.getValue()));
        filter.addValueChangeListener(change -> grid.getDataProvider().refreshAll());
        grid.setSizeFull();
        add(filter, grid);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}

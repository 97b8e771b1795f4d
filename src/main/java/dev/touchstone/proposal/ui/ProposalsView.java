package dev.touchstone.proposal.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.RouteIds;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import dev.touchstone.proposal.MlBackendCall;
import dev.touchstone.proposal.MlBackendRun;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.proposal.ProposalSet;
import dev.touchstone.proposal.ProposerSettingsService;
import jakarta.annotation.security.RolesAllowed;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A project's proposals for its managers (docs/proposals.md, "Proposals screen"): the proposer settings, the ML
 * backend's URL and secret, calling it for one episode or all, its recent calls, and the stored proposal sets per
 * source and version. Admins
 * and project managers change; a QA lead reads the calls and the sets (the service decides who may do what).
 */
@Route("projects/:projectId/proposals")
@PageTitle("Proposals")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class ProposalsView extends VerticalLayout implements BeforeEnterObserver {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What the form edits; the secret is never read back into it. */
    static final class Backend {
        String url = "";
        String secret = "";
    }

    private final ProposalService proposals;
    private final ProposerSettingsService settings;
    private final DatasetService datasets;
    private final CurrentOrganization current;
    private UUID projectId;
    private final Map<UUID, String> names = new HashMap<>();
    private Registration polling;

    public ProposalsView(ProposalService proposals, ProposerSettingsService settings, DatasetService datasets,
                         CurrentOrganization current) {
        this.proposals = proposals;
        this.settings = settings;
        this.datasets = datasets;
        this.current = current;
        setWidthFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<UUID> id = RouteIds.uuid(event, "projectId");
        try {
            if (id.isEmpty()) {
                throw new NotFoundInOrganizationException("Project");
            }
            projectId = id.get();
            build();
        } catch (NotFoundInOrganizationException e) {
            event.rerouteToError(NotFoundException.class, "No such project");
        }
    }

    private boolean manages() {
        return current.requireUser().may(Ability.MANAGE);
    }

    private void build() {
        removeAll();
        List<ProposalSet> sets = proposals.sets(projectId);
        List<MlBackendCall> calls = proposals.mlBackendCalls(projectId);
        H2 title = new H2("Proposals · " + proposals.projectName(projectId));
        title.setId("proposals-title");
        add(new Anchor("projects/" + projectId, "← Project"), title);
        if (manages()) {
            add(new ProposerSettingsForm(settings, proposals, projectId, this::build), backendSection());
        }
        add(callsSection(calls), setsSection(sets));
    }

    // ---- ML backend: URL, secret, calls ----

    private Component backendSection() {
        H3 heading = new H3("ML backend");
        TextField url = new TextField("URL");
        url.setId("ml-backend-url");
        url.setPlaceholder("https://models.example.com/predict");
        url.addClassName(LumoUtility.Width.FULL);
        PasswordField secret = new PasswordField("Shared secret");
        secret.setId("ml-backend-secret");
        secret.setRevealButtonVisible(false);
        secret.setHelperText("16 to 200 characters; requests are signed with it. It is never shown again: enter it"
                + " each time you save");
        Binder<Backend> binder = new Binder<>();
        binder.forField(url).asRequired("Enter the backend's URL")
                .withValidator(u -> u.strip().startsWith("http://") || u.strip().startsWith("https://"),
                        "The URL must start with http:// or https://")
                .bind(b -> b.url, (b, v) -> b.url = v.strip());
        binder.forField(secret).asRequired("Enter the shared secret")
                .withValidator(s -> s.length() >= 16 && s.length() <= 200, "The secret must be 16 to 200 characters")
                .bind(b -> b.secret, (b, v) -> b.secret = v);
        Backend form = new Backend();
        proposals.mlBackend(projectId).ifPresent(b -> form.url = b.url());
        binder.readBean(form);
        Span saved = new Span(proposals.mlBackend(projectId)
                .map(b -> "Set " + WHEN.format(b.updatedAt()) + " UTC").orElse("No ML backend yet"));
        saved.setId("ml-backend-saved");
        saved.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);

        Button save = new Button("Save", click -> {
            if (!binder.writeBeanIfValid(form)) {
                return;
            }
            try {
                proposals.setMlBackend(projectId, form.url, form.secret);
                form.secret = "";
                notify("ML backend saved", NotificationVariant.LUMO_SUCCESS);
                build();
            } catch (IllegalArgumentException e) {
                // The service's word: a refused address, a URL it cannot use.
                url.setErrorMessage(e.getMessage());
                url.setInvalid(true);
            }
        });
        save.setId("ml-backend-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        boolean configured = proposals.mlBackend(projectId).isPresent();
        List<UUID> episodes = proposals.episodes(projectId);
        ComboBox<UUID> episode = new ComboBox<>("Episode");
        episode.setId("ml-backend-episode");
        episode.setItems(episodes);
        episode.setItemLabelGenerator(this::name);
        Button one = new Button("Call for this episode", click -> {
            if (episode.getValue() == null) {
                episode.setErrorMessage("Choose an episode");
                episode.setInvalid(true);
                return;
            }
            MlBackendCall call = proposals.predictWithMlBackend(projectId, episode.getValue());
            notify(call.stored() ? "Stored " + call.labels() + " labels from " + call.source() + "@"
                    + call.version() : "The call failed: " + call.message(),
                    call.stored() ? NotificationVariant.LUMO_SUCCESS : NotificationVariant.LUMO_ERROR);
            build();
        });
        one.setId("ml-backend-call-one");
        one.setEnabled(configured);
        Button all = new Button("Call for all " + episodes.size() + " episodes", click -> {
            try {
                proposals.predictAllWithMlBackend(projectId);
            } catch (IllegalStateException e) {
                notify(e.getMessage(), NotificationVariant.LUMO_CONTRAST);
            }
            build();
        });
        all.setId("ml-backend-call-all");
        all.setEnabled(configured && !episodes.isEmpty());

        ProgressBar bar = new ProgressBar();
        bar.setId("ml-backend-progress-bar");
        bar.addClassName(LumoUtility.Width.MEDIUM);
        Span progress = new Span();
        progress.setId("ml-backend-progress");
        Optional<MlBackendRun> run = proposals.mlBackendRun(projectId);
        showRun(run, bar, progress, all);
        if (run.map(MlBackendRun::running).orElse(false)) {
            follow(bar, progress, all);
        }

        HorizontalLayout fields = new HorizontalLayout(url, secret, save);
        fields.setWidthFull();
        fields.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout calls = new HorizontalLayout(episode, one, all);
        calls.setAlignItems(FlexComponent.Alignment.BASELINE);
        HorizontalLayout running = new HorizontalLayout(bar, progress);
        running.setAlignItems(FlexComponent.Alignment.CENTER);
        VerticalLayout section = new VerticalLayout(heading, saved, fields, calls, running);
        section.setPadding(false);
        return section;
    }

    private void follow(ProgressBar bar, Span progress, Button all) {
        getUI().ifPresent(ui -> {
            ui.setPollInterval(1000);
            if (polling != null) {
                polling.remove();
            }
            polling = ui.addPollListener(poll -> {
                Optional<MlBackendRun> run = proposals.mlBackendRun(projectId);
                if (run.map(MlBackendRun::running).orElse(false)) {
                    showRun(run, bar, progress, all);
                } else {
                    ui.setPollInterval(-1);
                    polling.remove();
                    polling = null;
                    build();
                }
            });
        });
    }

    /** "3 of 12 episodes called: 2 stored, 1 failed". */
    static String describe(MlBackendRun run) {
        return run.done() + " of " + run.total() + " episodes called: " + run.stored() + " stored, " + run.failed()
                + " failed" + (run.running() ? "…" : "");
    }

    private static void showRun(Optional<MlBackendRun> run, ProgressBar bar, Span progress, Button all) {
        bar.setVisible(run.map(MlBackendRun::running).orElse(false));
        run.ifPresent(r -> bar.setValue(r.total() == 0 ? 1 : (double) r.done() / r.total()));
        progress.setText(run.map(ProposalsView::describe).orElse(""));
        if (run.map(MlBackendRun::running).orElse(false)) {
            all.setEnabled(false);
        }
    }

    private Component callsSection(List<MlBackendCall> calls) {
        Grid<MlBackendCall> grid = new Grid<>();
        grid.setId("ml-backend-calls");
        grid.addColumn(c -> WHEN.format(c.createdAt())).setHeader("When (UTC)").setAutoWidth(true);
        grid.addColumn(c -> name(c.episodeId())).setHeader("Episode").setAutoWidth(true);
        grid.addColumn(c -> c.stored() ? "stored" : "failed").setHeader("Outcome").setKey("outcome")
                .setAutoWidth(true);
        grid.addColumn(c -> c.stored() ? c.labels() + " labels from " + c.source() + "@" + c.version()
                : c.message()).setHeader("Message").setKey("message").setFlexGrow(1);
        grid.addColumn(c -> c.attempts() + (c.httpStatus() == null ? "" : " · HTTP " + c.httpStatus()) + " · "
                + c.durationMillis() + " ms").setHeader("Attempts").setAutoWidth(true);
        grid.setItems(calls.size() > 50 ? calls.subList(0, 50) : calls);
        grid.setAllRowsVisible(true);
        Paragraph none = new Paragraph("The ML backend has not been called yet.");
        none.addClassName(LumoUtility.TextColor.SECONDARY);
        none.setVisible(calls.isEmpty());
        VerticalLayout section = new VerticalLayout(new H3("Recent calls"), none, grid);
        section.setPadding(false);
        grid.setVisible(!calls.isEmpty());
        return section;
    }

    // ---- stored sets ----

    private Component setsSection(List<ProposalSet> sets) {
        Grid<ProposalSet> grid = new Grid<>();
        grid.setId("proposal-sets");
        grid.addColumn(s -> s.source() + "@" + s.version()).setHeader("Source").setKey("source").setAutoWidth(true);
        grid.addColumn(s -> name(s.episodeId())).setHeader("Episode").setKey("episode").setAutoWidth(true);
        grid.addColumn(ProposalSet::labels).setHeader("Labels").setKey("labels").setAutoWidth(true);
        grid.addColumn(s -> s.note() == null ? "" : s.note()).setHeader("Note").setKey("note").setFlexGrow(1);
        grid.addColumn(s -> WHEN.format(s.createdAt())).setHeader("Stored (UTC)").setAutoWidth(true);
        grid.setItems(sets.stream().sorted(Comparator.comparing((ProposalSet s) -> s.source() + "@" + s.version())
                .thenComparing(s -> name(s.episodeId()))).toList());
        grid.setAllRowsVisible(true);
        Paragraph summary = new Paragraph(summary(sets));
        summary.setId("proposal-sets-summary");
        summary.addClassName(LumoUtility.TextColor.SECONDARY);
        VerticalLayout section = new VerticalLayout(new H3("Stored proposals"), summary, grid);
        section.setPadding(false);
        grid.setVisible(!sets.isEmpty());
        return section;
    }

    /** Per source@version: episodes, labels, and how many sets are empty with a note. */
    static String summary(List<ProposalSet> sets) {
        if (sets.isEmpty()) {
            return "No proposals are stored for this project yet.";
        }
        Map<String, int[]> by = new java.util.TreeMap<>();
        for (ProposalSet s : sets) {
            int[] n = by.computeIfAbsent(s.source() + "@" + s.version(), k -> new int[3]);
            n[0]++;
            n[1] += s.labels();
            n[2] += s.note() != null ? 1 : 0;
        }
        StringBuilder text = new StringBuilder();
        by.forEach((source, n) -> text.append(text.isEmpty() ? "" : " · ").append(source).append(": ").append(n[0])
                .append(n[0] == 1 ? " episode, " : " episodes, ").append(n[1]).append(" labels")
                .append(n[2] == 0 ? "" : ", " + n[2] + " with a note"));
        return text.toString();
    }

    private String name(UUID episodeId) {
        return names.computeIfAbsent(episodeId, id -> datasets.episode(id).map(d -> d.episode().name())
                .orElse(id.toString()));
    }

    private static void notify(String message, NotificationVariant variant) {
        Notification.show(message, 5000, Notification.Position.BOTTOM_START).addThemeVariants(variant);
    }
}

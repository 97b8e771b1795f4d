package dev.touchstone.demo;

import dev.touchstone.TouchstoneSpringTest;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's labeling project appears once the demo episodes are imported: overlap 2 over the demo dataset, and its
 * first task gold with the generator's ground truth as the answer.
 */
@TouchstoneSpringTest
class DemoProjectTest {

    @Autowired
    DSLContext dsl;

    @Test
    void theDemoProjectHasAGoldTaskAnsweredByTheGroundTruth() throws InterruptedException {
        Optional<Record> project = Optional.empty();
        for (int attempt = 0; attempt < 240 && project.isEmpty(); attempt++) {
            project = dsl.fetchOptional("""
                    select p.id, p.overlap, p.gold_rate, (select count(*) from task t where t.project_id = p.id)::int
                      from project p join organization o on o.id = p.organization_id
                     where o.slug = 'acme' and p.name = ?""", DemoProject.NAME);
            if (project.isEmpty()) {
                Thread.sleep(500);
            }
        }
        assertThat(project).as("made after the demo import").isPresent();
        assertThat(project.get().get(1, Integer.class)).isEqualTo(2);
        int episodes = dsl.fetchSingle("""
                select count(*)::int from episode e join dataset d on d.id = e.dataset_id
                 join organization o on o.id = d.organization_id where o.slug = 'acme' and d.name = ?""",
                DemoProject.DATASET).get(0, Integer.class);
        assertThat(project.get().get(3, Integer.class)).isEqualTo(episodes);
        String answer = dsl.fetchSingle("""
                select gold_labels::text from task where project_id = ? and is_gold""",
                project.get().get(0, java.util.UUID.class)).get(0, String.class);
        Optional<Record> history = Optional.empty();
        for (int attempt = 0; attempt < 240 && history.isEmpty(); attempt++) {
            history = dsl.fetchOptional("""
                    select count(*)::int,
                           (select count(*) from label_submission s join label_draft d on d.id = s.draft_id
                              join assignment a on a.draft_id = d.id where a.project_id = p.id)::int
                      from project p join task t on t.project_id = p.id join organization o on o.id = p.organization_id
                     where o.slug = 'acme' and p.name = ? group by p.id
                    having count(*) filter (where t.review_state in ('review', 'accepted')) = count(*)""",
                    DemoProject.HISTORY);
            if (history.isEmpty()) {
                Thread.sleep(500);
            }
        }
        assertThat(history).as("every task of the simulated history merged").isPresent();
        assertThat(history.get().get(1, Integer.class)).as("three simulated annotators per task")
                .isEqualTo(3 * history.get().get(0, Integer.class));
        // issue 17 item 1: a phase boundary disagreement reaches review, with a reason a person understands
        List<String> phaseReasons = dsl.fetch("""
                        select t.review_reason from task t join project p on p.id = t.project_id
                         where p.name = ? and t.review_reason like '%boundaries disagree%'""", DemoProject.HISTORY)
                .getValues(0, String.class);
        assertThat(phaseReasons).as("the task whose Grasp two simulated annotators placed late").isNotEmpty();
        assertThat(phaseReasons).anySatisfy(reason -> assertThat(reason)
                .containsPattern("Task phase: boundaries disagree — \\w[\\w ]* uα -?\\d\\.\\d\\d below 0\\.80;"
                        + " mean boundary error [\\d,]+ ms")
                .doesNotContainPattern("\\d{5,}"));
        assertThat(answer).contains("\"kind\": \"phase\"", "\"grasp_outcome\"", "\"reach\"", "\"object_mass\"",
                "\"object_box\"");

        Optional<Record> release = Optional.empty();
        for (int attempt = 0; attempt < 600 && release.isEmpty(); attempt++) {
            release = dsl.fetchOptional("""
                    select r.task_count, r.files::text, r.state from release r join project p on p.id = r.project_id
                     where p.name = ? and r.version = ? and r.state <> 'building'""",
                    DemoProject.HISTORY, DemoProject.RELEASE);
            if (release.isEmpty()) {
                Thread.sleep(500);
            }
        }
        assertThat(release).as("the demo release is built").isPresent();
        assertThat(release.get().get(2, String.class)).isEqualTo("ready");
        assertThat(release.get().get(0, Integer.class)).as("a QA lead accepted at least one task").isPositive();
        assertThat(release.get().get(1, String.class)).as("every format").contains("labels.jsonl",
                "quality-report.json", "lerobot-v3.0.zip", "coco-head_camera.json");
    }
}

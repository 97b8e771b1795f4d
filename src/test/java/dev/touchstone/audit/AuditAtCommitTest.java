package dev.touchstone.audit;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.OrganizationProvisioning;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deferred audit lines (the work queue's): written in one insert as the transaction commits, none when it rolls
 * back, at once outside a transaction.
 */
@TouchstoneSpringTest
class AuditAtCommitTest {

    @Autowired
    AuditService audit;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DSLContext dsl;
    @Autowired
    OrganizationProvisioning provisioning;

    int lines(String targetId) {
        return dsl.resultQuery("select count(*)::int from audit_event where target_id = ?", targetId)
                .fetchSingle(0, Integer.class);
    }

    @Test
    void linesAreWrittenInOneInsertAtCommitAndDroppedOnRollback() {
        UUID acme = provisioning.organization("acme").orElseThrow().id();
        String committed = UUID.randomUUID().toString();
        String rolledBack = UUID.randomUUID().toString();
        AtomicInteger inserts = new AtomicInteger();
        ExecuteListener listener = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (ctx.sql() != null && ctx.sql().startsWith("insert into") && ctx.sql().contains("audit_event")) {
                    inserts.incrementAndGet();
                }
            }
        };
        ExecuteListenerProvider[] before = dsl.configuration().executeListenerProviders();
        ExecuteListenerProvider[] with = Arrays.copyOf(before, before.length + 1);
        with[before.length] = () -> listener;
        dsl.configuration().set(with);
        try {
            transactions.executeWithoutResult(status -> {
                audit.recordSystemAtCommit(acme, "test.first", "thing", committed, Map.of("n", 1));
                audit.recordSystemAtCommit(acme, "test.second", "thing", committed, Map.of("n", 2));
                audit.recordSystemAtCommit(acme, "test.third", "thing", committed, Map.of("n", 3));
                assertThat(lines(committed)).as("nothing before the commit").isZero();
            });
        } finally {
            dsl.configuration().set(before);
        }
        assertThat(lines(committed)).isEqualTo(3);
        assertThat(inserts.get()).as("one insert for the three lines").isEqualTo(1);

        transactions.executeWithoutResult(status -> {
            audit.recordSystemAtCommit(acme, "test.first", "thing", rolledBack, Map.of());
            status.setRollbackOnly();
        });
        assertThat(lines(rolledBack)).isZero();

        audit.recordSystemAtCommit(acme, "test.alone", "thing", rolledBack, Map.of());
        assertThat(lines(rolledBack)).as("no transaction: written at once").isEqualTo(1);
    }
}

package dev.touchstone.dataset;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.touchstone.db.Tables.EPISODE;

/**
 * Measurement, not a test: the queries of the dataset screen's episodes grid on one dataset of 100,000 episodes in an
 * embedded PostgreSQL 18, issued through {@link DatasetRepository} itself so the SQL is exactly what the grid sends.
 * The same run measures the schema twice, first as migrated up to V2 and then after the later migrations (the grid
 * indexes of V3), so before/after come from one data set on one server. The peer for the deep page is keyset
 * pagination ({@code (created_at, id) > cursor}), which the grid does not use today.
 * <p>
 * Arguments (all optional): episodes, timed repetitions per query.
 */
public final class EpisodeGridBenchmark {

    private static final String[] ROBOTS = {"so100", "so100", "so100", "koch", "koch", "aloha", "reachy2", "ur5e",
            "franka", "g1"};
    private static final String[] TASKS = {"stack the cubes", "place the apple in the plate", "fold the towel",
            "open the drawer", "pour water into the cup", "wipe the table", "sort the screws", "insert the peg",
            "hang the mug", "push the block to the line", "pick up the sponge", "close the laptop"};

    private record Query(String name, Supplier<?> run) {
    }

    public static void main(String[] args) throws Exception {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dataDir = Files.createTempDirectory("touchstone-grid-bench-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(true).start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("2").load()
                    .migrate();
            DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
            long start = System.nanoTime();
            UUID[] ids = fill(dsl, episodes);
            System.out.printf(Locale.ROOT, "inserted %,d episodes (+%,d in another dataset) in %.1f s%n", episodes,
                    episodes / 9, (System.nanoTime() - start) / 1e9);
            DatasetRepository repository = new DatasetRepository(dsl, JsonMapper.builder().build());

            Map<String, double[]> before = measure("schema up to V2", dsl, repository, ids[0], ids[1], repetitions);
            start = System.nanoTime();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            dsl.execute("analyze episode");
            System.out.printf(Locale.ROOT, "%nlater migrations applied in %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            Map<String, double[]> after = measure("all migrations", dsl, repository, ids[0], ids[1], repetitions);

            System.out.printf(Locale.ROOT, "%n%-44s %16s %16s%n", "p95 before -> after (ms)", "V2", "latest");
            for (String name : before.keySet()) {
                System.out.printf(Locale.ROOT, "%-44s %16.2f %16.2f%n", name, before.get(name)[1],
                        after.get(name)[1]);
            }
        }
    }

    /** One organization and dataset with episodes of varied robot, task, source and duration; returns both ids. */
    private static UUID[] fill(DSLContext dsl, int episodes) {
        UUID organization = dsl.resultQuery("insert into organization (slug, name) values ('bench', 'Bench') "
                + "returning id").fetchSingle().get(0, UUID.class);
        UUID dataset = dsl.resultQuery("insert into dataset (organization_id, name) values (?, 'grid') returning id",
                organization).fetchSingle().get(0, UUID.class);
        // a second dataset in the same organization, so the dataset condition has rows to skip as in real use
        UUID other = dsl.resultQuery("insert into dataset (organization_id, name) values (?, 'other') returning id",
                organization).fetchSingle().get(0, UUID.class);
        // generated server-side: sending 100,000 rows over JDBC would time the driver, not the grid
        dsl.execute("""
                insert into episode (organization_id, dataset_id, name, robot, task, duration_ns, source_file,
                                     source_format, blob_prefix, stream_count, created_at)
                select ?, case when i % 10 = 9 then ? else ? end,
                       'episode_' || lpad(i::text, 6, '0'),
                       (?::text[])[1 + (hashint4(i) & 1023) % ?],
                       (?::text[])[1 + (hashint4(i + 7) & 1023) % ?] || case when i % 5 = 0 then ' (retry)' else '' end,
                       (1 + (hashint4(i + 13) & 1048575) % 180000)::bigint * 1000000,
                       'lerobot/' || case when i % 3 = 0 then 'so100_kitchen' else 'lab_' || (i % 40) end
                           || '/data/chunk-' || lpad((i / 1000)::text, 3, '0') || '/episode_'
                           || lpad(i::text, 6, '0') || '.parquet',
                       'lerobot-v2.1', 'episodes/' || i, 3,
                       timestamptz '2026-01-01' + i * interval '1 second'
                from generate_series(0, ? - 1) i
                """, organization, other, dataset, ROBOTS, ROBOTS.length, TASKS, TASKS.length,
                episodes + episodes / 9);
        dsl.execute("vacuum analyze episode");
        int count = dsl.fetchCount(EPISODE, EPISODE.DATASET_ID.eq(dataset));
        if (count < episodes) {
            throw new IllegalStateException("expected at least " + episodes + " episodes, got " + count);
        }
        return new UUID[] {organization, dataset};
    }

    /** p50 and p95 in milliseconds of each grid query, with the plan of each printed once. */
    private static Map<String, double[]> measure(String label, DSLContext dsl, DatasetRepository repository,
                                                 UUID organization, UUID dataset, int repetitions) {
        int total = repository.countEpisodes(organization, dataset, EpisodeFilter.NONE);
        int deepOffset = Math.max(0, total - 100);
        Record2<OffsetDateTime, UUID> cursor = dsl.select(EPISODE.CREATED_AT, EPISODE.ID).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organization).and(EPISODE.DATASET_ID.eq(dataset)))
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID).offset(deepOffset - 1).limit(1).fetchOne();
        EpisodeFilter text = new EpisodeFilter("towel", null, null, null, null);
        EpisodeFilter rare = new EpisodeFilter("episode_0999", null, null, null, null);
        EpisodeFilter robot = new EpisodeFilter(null, "reachy2", null, null, null);
        EpisodeFilter duration = new EpisodeFilter(null, null, 60_000_000_000L, 90_000_000_000L, null);
        EpisodeFilter combined = new EpisodeFilter("kitchen", "so100", 60_000_000_000L, null, null);

        List<Query> queries = new ArrayList<>();
        queries.add(new Query("count, no filter", () -> repository.countEpisodes(organization, dataset,
                EpisodeFilter.NONE)));
        queries.add(new Query("first page (100)", () -> repository.episodes(organization, dataset,
                EpisodeFilter.NONE, 0, 100)));
        queries.add(new Query("page at offset " + deepOffset, () -> repository.episodes(organization, dataset,
                EpisodeFilter.NONE, deepOffset, 100)));
        Supplier<List<UUID>> keyset = () -> dsl.selectFrom(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organization).and(EPISODE.DATASET_ID.eq(dataset)))
                .and(DSL.row(EPISODE.CREATED_AT, EPISODE.ID).gt(cursor.value1(), cursor.value2()))
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID).limit(100).fetch(EPISODE.ID);
        // a ratio against a peer that returns other rows would mean nothing
        List<UUID> byOffset = repository.episodes(organization, dataset, EpisodeFilter.NONE, deepOffset, 100).stream()
                .map(EpisodeRow::id).toList();
        if (!byOffset.equals(keyset.get())) {
            throw new IllegalStateException("keyset page differs from the offset page");
        }
        queries.add(new Query("peer: same page by keyset", keyset));
        for (Map.Entry<String, EpisodeFilter> filter : Map.of("text 'towel' (1/12 match)", text,
                "text 'episode_0999' (rare)", rare, "robot = reachy2", robot, "duration 60-90 s", duration,
                "text+robot+min duration", combined).entrySet()) {
            queries.add(new Query("count, " + filter.getKey(), () -> repository.countEpisodes(organization,
                    dataset, filter.getValue())));
            queries.add(new Query("first page, " + filter.getKey(), () -> repository.episodes(organization,
                    dataset, filter.getValue(), 0, 100)));
        }
        queries.sort((a, b) -> a.name().compareTo(b.name()));

        System.out.printf(Locale.ROOT, "%n== %s: %,d episodes in the dataset, %d timed runs each ==%n", label,
                total, repetitions);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %8s%n", "query", "p50 ms", "p95 ms", "rows");
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Query query : queries) {
            for (int i = 0; i < 5; i++) {
                query.run().get();
            }
            double[] millis = new double[repetitions];
            Object last = null;
            for (int i = 0; i < repetitions; i++) {
                long t = System.nanoTime();
                last = query.run().get();
                millis[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(millis);
            double[] p = {percentile(millis, 0.50), percentile(millis, 0.95)};
            results.put(query.name(), p);
            String rows = last instanceof List<?> list ? String.valueOf(list.size()) : String.valueOf(last);
            System.out.printf(Locale.ROOT, "%-44s %10.2f %10.2f %8s%n", query.name(), p[0], p[1], rows);
        }
        double deep = results.get("page at offset " + deepOffset)[0];
        double keysetMillis = results.get("peer: same page by keyset")[0];
        System.out.printf(Locale.ROOT, "deep page: offset %.2f ms vs keyset %.2f ms (p50) = %.0fx%n",
                deep, keysetMillis, deep / keysetMillis);
        plans(dsl, organization, dataset, EpisodeFilter.NONE, text, rare, robot, duration, combined);
        return results;
    }

    /**
     * The planner's choice for the filtered counts, so a before/after difference can be traced to an index. The SQL
     * is captured from a repository whose jOOQ inlines bind values, so EXPLAIN sees the grid's own statement.
     */
    private static void plans(DSLContext dsl, UUID organization, UUID dataset, EpisodeFilter... filters) {
        List<String> statements = new ArrayList<>();
        DSLContext inlining = DSL.using(dsl.configuration().derive(new Settings()
                .withStatementType(StatementType.STATIC_STATEMENT)).derive(new ExecuteListener() {
                    @Override
                    public void renderEnd(ExecuteContext context) {
                        statements.add(context.sql());
                    }
                }));
        DatasetRepository capturing = new DatasetRepository(inlining, JsonMapper.builder().build());
        for (EpisodeFilter filter : filters) {
            statements.clear();
            capturing.countEpisodes(organization, dataset, filter);
            String plan = String.join(" | ", dsl.fetch("explain (analyze, costs off, timing off) "
                    + statements.getLast()).getValues(0, String.class).stream().map(String::strip).limit(8)
                    .toList());
            System.out.println("plan of count " + describe(filter) + ": " + plan);
        }
    }

    private static String describe(EpisodeFilter filter) {
        List<String> parts = new ArrayList<>();
        if (filter.text() != null) {
            parts.add("text '" + filter.text() + "'");
        }
        if (filter.robot() != null) {
            parts.add("robot " + filter.robot());
        }
        if (filter.minDurationNanos() != null || filter.maxDurationNanos() != null) {
            parts.add("duration " + filter.minDurationNanos() + ".." + filter.maxDurationNanos() + " ns");
        }
        return parts.isEmpty() ? "no filter" : String.join(" + ", parts);
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private EpisodeGridBenchmark() {
    }
}

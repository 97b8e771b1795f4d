package dev.touchstone.curation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Measurement, not a test (docs/benchmarks.md, "Coverage grid"): every two-factor grid of a dataset of 100,000
 * episodes with 6 factors, through {@link CoverageRepository#grid} (the incremental aggregate {@code coverage_combo},
 * the statement the planner sends), against a plain GROUP BY over the source data (the episodes' metadata, binned in SQL) on the same data in
 * the same run. Before timing, each pair's grid is checked to hold the same episode counts per cell as the peer's.
 * <p>
 * Arguments (all optional): episodes, timed repetitions per pair.
 */
public final class CoverageGridBenchmark {

    record Dimension(String key, String categorical, String numericEdges) {
        /** The SQL that bins the factor from episode metadata, as the peer runs it. */
        String peer() {
            if (categorical != null) {
                return "array_position(array[" + categorical + "]::text[], metadata->>'" + key + "')";
            }
            return "least(width_bucket((metadata->>'" + key + "')::float8, array[" + numericEdges
                    + "]::float8[]), cardinality(array[" + numericEdges + "]::float8[]) - 1)";
        }
    }

    static final List<Dimension> FACTORS = List.of(
            new Dimension("object", "'cube','mug','bottle','bowl','can','sponge'", null),
            new Dimension("lighting", "'bright','dim','backlit'", null),
            new Dimension("operator", "'op-1','op-2','op-3','op-4'", null),
            new Dimension("surface", "'wood','cloth','steel'", null),
            new Dimension("object_x", null, "0,0.05,0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.45,0.5"),
            new Dimension("object_yaw", null, "-180,-150,-120,-90,-60,-30,0,30,60,90,120,150,180"));

    public static void main(String[] args) throws Exception {
        int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path dataDir = Files.createTempDirectory("touchstone-coverage-bench-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir)
                .setCleanDataDirectory(true).start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
            long start = System.nanoTime();
            UUID[] ids = fill(dsl, episodes);
            System.out.printf(Locale.ROOT, "filled %,d episodes (+%,d in another dataset) and their coverage rows in "
                    + "%.1f s%n", episodes, episodes / 9, (System.nanoTime() - start) / 1e9);
            UUID org = ids[0];
            UUID dataset = ids[1];
            CoverageRepository repository = new CoverageRepository(dsl);

            List<int[]> pairs = new ArrayList<>();
            for (int a = 0; a < FACTORS.size(); a++) {
                for (int b = a + 1; b < FACTORS.size(); b++) {
                    pairs.add(new int[]{a, b});
                }
            }
            for (int[] p : pairs) {
                check(repository, dsl, org, dataset, p);
            }
            System.out.println("every pair's grid has the peer's episode count in every cell");

            long heapBefore = usedHeapAfterGc();
            List<Double> ours = new ArrayList<>();
            List<Double> peers = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%n%-22s %9s %9s %9s %9s %7s%n", "pair", "grid p50", "grid p95",
                    "peer p50", "peer p95", "ratio");
            double worstP95 = 0;
            for (int[] p : pairs) {
                int[] positions = {p[0] + 1, p[1] + 1};
                double[] grid = time(repetitions, () -> repository.grid(org, dataset, positions));
                double[] peer = time(repetitions, () -> peer(dsl, dataset, p));
                for (int i = 0; i < repetitions; i++) {
                    ours.add(grid[i]);
                    peers.add(peer[i]);
                }
                Arrays.sort(grid);
                Arrays.sort(peer);
                worstP95 = Math.max(worstP95, percentile(grid, 0.95));
                System.out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %9.2f %6.1fx%n",
                        FACTORS.get(p[0]).key() + " x " + FACTORS.get(p[1]).key(), percentile(grid, 0.5),
                        percentile(grid, 0.95), percentile(peer, 0.5), percentile(peer, 0.95),
                        percentile(peer, 0.5) / percentile(grid, 0.5));
            }
            long heapAfter = usedHeapAfterGc();
            double[] all = ours.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] allPeer = peers.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%nall %d pairs x %d runs: grid p50 %.2f ms, p95 %.2f ms (worst pair p95 "
                            + "%.2f ms); peer p50 %.2f ms, p95 %.2f ms; ratio of p50s %.1fx, of p95s %.1fx%n",
                    pairs.size(), repetitions, percentile(all, 0.5), percentile(all, 0.95), worstP95,
                    percentile(allPeer, 0.5), percentile(allPeer, 0.95),
                    percentile(allPeer, 0.5) / percentile(all, 0.5), percentile(allPeer, 0.95) / percentile(all, 0.95));
            System.out.printf(Locale.ROOT, "JVM heap used after GC: %.1f MB before the timed runs, %.1f MB after%n",
                    heapBefore / 1e6, heapAfter / 1e6);
            System.out.printf(Locale.ROOT, "table sizes: coverage_combo %s (%s rows), coverage_episode %s, episode %s%n",
                    dsl.fetchValue("select pg_size_pretty(pg_total_relation_size('coverage_combo'))"),
                    dsl.fetchValue("select count(*) from coverage_combo where dataset_id = ?", dataset),
                    dsl.fetchValue("select pg_size_pretty(pg_total_relation_size('coverage_episode'))"),
                    dsl.fetchValue("select pg_size_pretty(pg_total_relation_size('episode'))"));
        }
    }

    /**
     * One organization, the measured dataset and a ninth as many episodes in a second dataset; each episode's metadata
     * carries the six factors (skewed, so that some cells are empty), its coverage row the same values binned, an
     * accepted flag on a third, an outcome on half and a quality flag on a quarter.
     */
    private static UUID[] fill(DSLContext dsl, int episodes) {
        UUID organization = dsl.resultQuery("insert into organization (slug, name) values ('bench', 'Bench') "
                + "returning id").fetchSingle().get(0, UUID.class);
        UUID dataset = dsl.resultQuery("insert into dataset (organization_id, name) values (?, 'coverage') "
                + "returning id", organization).fetchSingle().get(0, UUID.class);
        UUID other = dsl.resultQuery("insert into dataset (organization_id, name) values (?, 'other') returning id",
                organization).fetchSingle().get(0, UUID.class);
        // generated server-side: sending 100,000 rows over JDBC would time the driver, not the grid
        dsl.execute("""
                insert into episode (organization_id, dataset_id, name, duration_ns, source_file, source_format,
                                     blob_prefix, metadata, created_at)
                select ?, case when i % 10 = 9 then ? else ? end, 'episode_' || lpad(i::text, 6, '0'), 1000000000,
                       'bench', 'bench', 'episodes/' || i,
                       jsonb_build_object(
                           'object', (array['cube','mug','bottle','bowl','can','sponge'])[1 + least(5,
                               ((hashint4(i) & 1023) % 100) / 18)],
                           'lighting', (array['bright','dim','backlit'])[1 + (hashint4(i + 1) & 1023) % 3],
                           'operator', 'op-' || (1 + (hashint4(i + 2) & 1023) % 4),
                           'surface', (array['wood','cloth','steel'])[1 + (hashint4(i + 3) & 1023) % 3],
                           'object_x', round(((hashint4(i + 4) & 1048575) / 1048575.0 * 0.5)::numeric, 3)::text,
                           'object_yaw', round(((hashint4(i + 5) & 1048575) / 1048575.0 * 300 - 150)::numeric,
                               1)::text),
                       timestamptz '2026-01-01' + i * interval '1 second'
                from generate_series(0, ? - 1) i
                """, organization, other, dataset, episodes + episodes / 9);
        short position = 1;
        for (Dimension d : FACTORS) {
            dsl.execute("insert into curation_factor (organization_id, dataset_id, position, key, name, kind, "
                            + "categories, edges, source, source_key) select ?, ds, ?, ?, ?, ?, "
                            + (d.categorical() != null ? "array[" + d.categorical() + "]::text[]" : "'{}'")
                            + ", " + (d.numericEdges() != null ? "array[" + d.numericEdges() + "]::float8[]" : "'{}'")
                            + ", 'metadata', ? from unnest(array[?::uuid, ?::uuid]) ds",
                    organization, position++, d.key(), d.key(), d.categorical() != null ? "categorical" : "numeric",
                    d.key(), dataset, other);
        }
        StringBuilder bins = new StringBuilder();
        for (Dimension d : FACTORS) {
            bins.append(bins.isEmpty() ? "" : ", ").append(d.peer());
        }
        dsl.execute("insert into coverage_episode (organization_id, dataset_id, episode_id, name, bins, accepted, "
                + "success, quality_flag, imported_at) select organization_id, dataset_id, id, name, array[" + bins
                + "]::smallint[], abs(hashtext(id::text)) % 3 = 0, null, null, created_at from episode");
        dsl.execute("update coverage_episode set success = case when abs(hashtext(name)) % 2 = 0 then "
                + "abs(hashtext(name || 's')) % 3 > 0 end, quality_flag = case when abs(hashtext(name)) % 4 = 1 then "
                + "(abs(hashtext(name || 'q')) % 5 = 0)::int end");
        dsl.execute("vacuum analyze episode");
        dsl.execute("vacuum analyze coverage_episode");
        dsl.execute("vacuum analyze coverage_combo");
        return new UUID[]{organization, dataset};
    }

    /** The peer: a plain GROUP BY over the episodes' metadata, each factor binned by the same rule in SQL. */
    private static List<Record> peer(DSLContext dsl, UUID dataset, int[] pair) {
        return dsl.resultQuery("select " + FACTORS.get(pair[0]).peer() + " a, " + FACTORS.get(pair[1]).peer()
                + " b, count(*) from episode where dataset_id = ? group by 1, 2", dataset).fetch();
    }

    private static void check(CoverageRepository repository, DSLContext dsl, UUID org, UUID dataset, int[] pair) {
        Map<List<Integer>, Integer> expected = new HashMap<>();
        for (Record r : peer(dsl, dataset, pair)) {
            expected.put(Arrays.asList(r.get(0, Integer.class), r.get(1, Integer.class)), r.get(2, Integer.class));
        }
        Map<List<Integer>, Integer> actual = new HashMap<>();
        for (CoverageRepository.CellRow row : repository.grid(org, dataset, new int[]{pair[0] + 1, pair[1] + 1})) {
            actual.put(row.bins().stream().map(b -> b == null ? null : (int) b).toList(), row.episodes());
        }
        if (!expected.equals(actual)) {
            throw new IllegalStateException("grid and peer differ for " + FACTORS.get(pair[0]).key() + " x "
                    + FACTORS.get(pair[1]).key());
        }
    }

    private static double[] time(int repetitions, Runnable run) {
        for (int i = 0; i < 3; i++) {
            run.run();
        }
        double[] millis = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t = System.nanoTime();
            run.run();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        return millis;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}

package dev.touchstone.dataset;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with a peer, not part of the suite (surefire only picks up *Test): one dataset of 100,000 episodes
 * ({@code -Dbench.episodes}), listed from the first page to the last through the real HTTP API ({@code GET
 * /api/v1/datasets/{id}/episodes?limit=&cursor=}, bearer token of scope {@code read}, java.net.http on loopback) for
 * page sizes 50 and 500. Per page: the time from sending the request to having the whole body (the client's view of
 * one page: token check, audit row, the keyset query, JSON). Every id must be seen exactly once, and the ids must be
 * exactly the dataset's. Each listing starts after {@code -Dbench.warmup} pages (default 300) of the same size
 * untimed. For where the time goes, the same listing is timed once more in-process through
 * {@code DatasetService.episodePage} (what the endpoint calls, without HTTP, the token check, its audit row and JSON).
 * <p>
 * The peer is OFFSET paging of the same rows: the grid's {@code DatasetRepository.episodes(offset, limit)} (same
 * select, same conditions, same order, {@code offset n limit m}) against the API's {@code episodesAfter} (the keyset
 * query the endpoint runs), both called in-process on the same server for every page of the whole listing; each
 * offset page is checked to hold the same ids as the keyset page. The API has no offset endpoint to time over HTTP,
 * so the ratio is taken where the two differ, at the query. Run: see docs/benchmarks.md ("API paging").
 * <p>
 * The episodes are rows only (no streams, no files), inserted server-side; 20 consecutive episodes share a creation
 * time, as the episodes of one import do, so the id tie-break of the keyset is exercised on every page.
 */
@TouchstoneSpringTest
class EpisodePagingBenchmark {

    static final int EPISODES = Integer.getInteger("bench.episodes", 100_000);
    static final int WARMUP_PAGES = Integer.getInteger("bench.warmup", 300);
    static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "50,500").split(","))
            .mapToInt(Integer::parseInt).toArray();

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired DatasetRepository repository;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listAHundredThousandEpisodesPageByPage() throws Exception {
        signIn.as("pm@acme.test");
        String token = tokens.create("paging benchmark " + UUID.randomUUID(), 1, EnumSet.of(ApiTokenScope.READ))
                .secret();
        Dataset dataset = datasets.create("paging benchmark " + UUID.randomUUID(), "");
        signIn.out();
        UUID organization = dsl.select(DSL.field("organization_id", UUID.class)).from(DSL.table("dataset"))
                .where(DSL.field("id", UUID.class).eq(dataset.id())).fetchSingle().value1();

        long t = System.nanoTime();
        dsl.execute("""
                insert into episode (organization_id, dataset_id, name, robot, task, duration_ns, source_file,
                                     source_format, blob_prefix, stream_count, created_at)
                select ?, ?, 'episode_' || lpad(i::text, 6, '0'), 'so100', 'stack the cubes',
                       (1 + i % 180) * 1000000000::bigint,
                       'lerobot/bench/data/chunk-' || lpad((i / 1000)::text, 3, '0') || '/episode_'
                           || lpad(i::text, 6, '0') || '.parquet',
                       'lerobot-v3.0', 'episodes/bench/' || i, 3,
                       timestamptz '2026-01-01' + (i / 20) * interval '1 second'
                from generate_series(0, ? - 1) i
                """, organization, dataset.id(), EPISODES);
        dsl.execute("vacuum analyze episode");
        Set<UUID> expected = new HashSet<>(dsl.select(EPISODE.ID).from(EPISODE)
                .where(EPISODE.DATASET_ID.eq(dataset.id())).fetch(EPISODE.ID));
        assertThat(expected).hasSize(EPISODES);
        System.out.printf(Locale.ROOT, "inserted %,d episodes in %.1f s; episode table %,d rows%n", EPISODES,
                (System.nanoTime() - t) / 1e9, dsl.fetchCount(EPISODE));

        plan(organization, dataset.id());
        for (int size : SIZES) {
            listOverHttp(token, dataset.id(), size, WARMUP_PAGES);  // warm-up: JIT, connection, buffer cache
            Listing api = listOverHttp(token, dataset.id(), size, Integer.MAX_VALUE);
            signIn.as("pm@acme.test");
            Listing service = listByService(dataset.id(), size);
            signIn.out();
            assertThat(service.ids).isEqualTo(expected);
            assertThat(api.duplicates).as("ids seen twice").isZero();
            assertThat(api.ids).as("every id of the dataset, none else").isEqualTo(expected);
            assertThat(api.pages).isEqualTo((EPISODES + size - 1) / size);

            Listing keyset = listByKeyset(organization, dataset.id(), size);
            Listing offset = listByOffset(organization, dataset.id(), size, keyset.pageIds);
            assertThat(keyset.ids).isEqualTo(expected);
            assertThat(offset.ids).isEqualTo(expected);

            System.out.printf(Locale.ROOT, "%n== limit %d: %d pages, all %,d ids once (duplicates %d) ==%n", size,
                    api.pages, api.ids.size(), api.duplicates);
            System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %9s%n", "per page (ms)", "p50", "p95", "max",
                    "total s");
            report("HTTP API (keyset, bearer read)", api);
            report("service: episodePage (no HTTP)", service);
            report("query: keyset (episodesAfter)", keyset);
            report("query: OFFSET (episodes)", offset);
            System.out.printf(Locale.ROOT, "ratio OFFSET / keyset query: total %.1fx, p50 %.1fx, p95 %.1fx, max %.1fx"
                            + "%n", offset.total() / keyset.total(), offset.p(0.50) / keyset.p(0.50),
                    offset.p(0.95) / keyset.p(0.95), offset.p(1.0) / keyset.p(1.0));
            int slowest = api.slowestPage();
            System.out.printf(Locale.ROOT, "slowest API page: #%d (%.1f ms); pages over 50 ms: %d of %d%n",
                    slowest + 1, api.millis.get(slowest), api.millis.stream().filter(m -> m > 50).count(),
                    api.pages);
        }
        dsl.deleteFrom(EPISODE).where(EPISODE.DATASET_ID.eq(dataset.id())).execute();
    }

    /** Every page's time, the ids seen and how many of them were seen before. */
    static final class Listing {
        final List<Double> millis = new ArrayList<>();
        final Set<UUID> ids = new HashSet<>();
        final List<List<UUID>> pageIds = new ArrayList<>();
        int pages;
        int duplicates;

        void page(double ms, List<UUID> page) {
            millis.add(ms);
            pageIds.add(page);
            pages++;
            for (UUID id : page) {
                if (!ids.add(id)) {
                    duplicates++;
                }
            }
        }

        double total() {
            return millis.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        }

        double p(double q) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }

        int slowestPage() {
            int slowest = 0;
            for (int i = 1; i < millis.size(); i++) {
                if (millis.get(i) > millis.get(slowest)) {
                    slowest = i;
                }
            }
            return slowest;
        }
    }

    private Listing listOverHttp(String token, UUID dataset, int size, int maxPages) throws Exception {
        Listing listing = new Listing();
        String cursor = null;
        do {
            URI uri = URI.create("http://localhost:" + port + "/api/v1/datasets/" + dataset + "/episodes?limit="
                    + size + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t) / 1e6;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = json.readTree(response.body());
            List<UUID> ids = new ArrayList<>();
            page.path("items").forEach(item -> ids.add(UUID.fromString(item.path("id").asString())));
            listing.page(ms, ids);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null && listing.pages < maxPages);
        return listing;
    }

    /**
     * The endpoint's service call in-process (dataset check, keyset query, cursor), without HTTP, the token check,
     * the audit row and JSON: what is left of a page's time when those are taken away.
     */
    private Listing listByService(UUID dataset, int size) {
        Listing listing = new Listing();
        String cursor = null;
        do {
            long t = System.nanoTime();
            var page = datasets.episodePage(dataset, EpisodeFilter.NONE, cursor, size);
            double ms = (System.nanoTime() - t) / 1e6;
            listing.page(ms, page.items().stream().map(EpisodeRow::id).toList());
            cursor = page.nextCursor();
        } while (cursor != null);
        return listing;
    }

    /** The endpoint's query, called as the service calls it (limit + 1 rows), page after page. */
    private Listing listByKeyset(UUID organization, UUID dataset, int size) {
        Listing listing = new Listing();
        Instant afterCreatedAt = null;
        UUID afterId = null;
        while (true) {
            long t = System.nanoTime();
            List<EpisodeRow> rows = repository.episodesAfter(organization, dataset, EpisodeFilter.NONE, afterCreatedAt,
                    afterId, size + 1);
            double ms = (System.nanoTime() - t) / 1e6;
            List<EpisodeRow> page = rows.subList(0, Math.min(size, rows.size()));
            listing.page(ms, page.stream().map(EpisodeRow::id).toList());
            if (rows.size() <= size) {
                return listing;
            }
            afterCreatedAt = page.getLast().importedAt();
            afterId = page.getLast().id();
        }
    }

    /** The same pages by OFFSET, each checked against the keyset page of the same number. */
    private Listing listByOffset(UUID organization, UUID dataset, int size, List<List<UUID>> keysetPages) {
        Listing listing = new Listing();
        for (int offset = 0; ; offset += size) {
            long t = System.nanoTime();
            List<EpisodeRow> rows = repository.episodes(organization, dataset, EpisodeFilter.NONE, offset, size + 1);
            double ms = (System.nanoTime() - t) / 1e6;
            List<UUID> page = rows.subList(0, Math.min(size, rows.size())).stream().map(EpisodeRow::id).toList();
            assertThat(page).as("offset page %d", listing.pages).isEqualTo(keysetPages.get(listing.pages));
            listing.page(ms, page);
            if (rows.size() <= size) {
                return listing;
            }
        }
    }

    private static void report(String name, Listing listing) {
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.2f %9.2f %9.2f%n", name, listing.p(0.50), listing.p(0.95),
                listing.p(1.0), listing.total());
    }

    /** EXPLAIN ANALYZE of the endpoint's own statement (bind values inlined) for a page in the middle. */
    private void plan(UUID organization, UUID dataset) {
        List<String> statements = new ArrayList<>();
        DSLContext inlining = DSL.using(dsl.configuration().derive(new Settings()
                .withStatementType(StatementType.STATIC_STATEMENT)).derive(new ExecuteListener() {
                    @Override
                    public void renderEnd(ExecuteContext context) {
                        statements.add(context.sql());
                    }
                }));
        var middle = dsl.select(EPISODE.CREATED_AT, EPISODE.ID).from(EPISODE).where(EPISODE.DATASET_ID.eq(dataset))
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID).offset(EPISODES / 2).limit(1).fetchSingle();
        new DatasetRepository(inlining, json).episodesAfter(organization, dataset, EpisodeFilter.NONE,
                middle.value1().toInstant(), middle.value2(), 51);
        System.out.println("keyset query: " + statements.getLast());
        dsl.fetch("explain (analyze, buffers) " + statements.getLast()).getValues(0, String.class)
                .forEach(line -> System.out.println("  " + line));
        statements.clear();
        new DatasetRepository(inlining, json).episodes(organization, dataset, EpisodeFilter.NONE, EPISODES / 2, 51);
        System.out.println("offset query at " + EPISODES / 2 + ":");
        dsl.fetch("explain (analyze, buffers) " + statements.getLast()).getValues(0, String.class)
                .forEach(line -> System.out.println("  " + line));
    }
}

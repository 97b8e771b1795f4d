package dev.touchstone.curation;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.common.Keyset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeMetadata;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Episode pairs of the signed-in member's organization (docs/curation.md, "Pairs"): made by hand, by a metadata key
 * both episodes share, or over the API. Project managers and admins make and delete pairs; QA leads read them.
 * <p>
 * Rules: both episodes are in the pair's dataset and organization (another organization's episode or dataset is
 * "not found"), an episode is never paired with itself, and two episodes are paired at most once (in either order,
 * of any kind). Making and deleting pairs is audited.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class EpisodePairs {

    /** The metadata key that says which side of a pair an episode is ({@code sim}/{@code real}, ...). */
    public static final String VARIANT_KEY = "variant";
    /** The metadata key the generator writes the same value into on a simulated episode and its real twin. */
    public static final String PAIR_KEY = "pair_key";
    public static final int MAX_KEY_LENGTH = 2_000;
    /** The variants of each kind's first and second episode, which pairing by key orders by; none for takes. */
    private static final Map<String, List<String>> VARIANTS = Map.of(
            EpisodePair.SIM_REAL, List.of("sim", "real"),
            EpisodePair.ROLLOUT_DEMO, List.of("rollout", "demo"));

    private final EpisodePairRepository repository;
    private final DatasetService datasets;
    private final CurrentOrganization current;
    private final AuditService audit;

    EpisodePairs(EpisodePairRepository repository, DatasetService datasets, CurrentOrganization current,
                 AuditService audit) {
        this.repository = repository;
        this.datasets = datasets;
        this.current = current;
        this.audit = audit;
    }

    /**
     * A page of the dataset's pairs, oldest first, with both episodes' names.
     *
     * @throws NotFoundInOrganizationException when the dataset is not in this organization
     * @throws IllegalArgumentException        for a limit out of range or a cursor this service did not make
     */
    @Transactional(readOnly = true)
    public CursorPage<EpisodePairEntry> pairs(UUID datasetId, String cursor, Integer limit) {
        int n = CursorPage.limit(limit);
        Keyset after = Keyset.of(cursor);
        datasets.requireDataset(datasetId);
        CursorPage<EpisodePair> page = CursorPage.of(repository.pairs(current.id(), datasetId, after.createdAt(),
                after.id(), n + 1), n, p -> Keyset.key(p.createdAt(), p.id()));
        return new CursorPage<>(entries(page.items()), page.nextCursor());
    }

    /** How many pairs the dataset has. */
    @Transactional(readOnly = true)
    public int count(UUID datasetId) {
        datasets.requireDataset(datasetId);
        return repository.count(current.id(), datasetId);
    }

    /** @throws NotFoundInOrganizationException when there is no such pair in this organization */
    @Transactional(readOnly = true)
    public EpisodePair pair(UUID pairId) {
        return repository.pair(current.id(), pairId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Episode pair"));
    }

    /** The pair with both episodes' names. */
    @Transactional(readOnly = true)
    public EpisodePairEntry entry(UUID pairId) {
        return entries(List.of(pair(pairId))).getFirst();
    }

    /**
     * The pairs an episode is in, oldest first. Annotators may ask about an episode they are assigned (the dataset
     * module decides); for any other episode the list is empty.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
    public List<EpisodePair> pairsOf(UUID episodeId) {
        if (datasets.episode(episodeId).isEmpty()) {
            return List.of();
        }
        return repository.pairsOf(current.id(), episodeId);
    }

    /**
     * Pairs two episodes of the dataset.
     *
     * @param kind        {@link EpisodePair#KINDS}
     * @param first       for sim-real the simulated episode (see {@link EpisodePair})
     * @param key         what the two share, or null; at most {@link #MAX_KEY_LENGTH} characters
     * @param offsetNanos what the player adds to the second episode's clock
     * @throws NotFoundInOrganizationException when the dataset or an episode is not in this organization
     * @throws EpisodePairExistsException      when the two are paired already
     * @throws IllegalArgumentException        for an unknown kind, the same episode twice, an episode of another
     *                                         dataset, a long key, or variants that contradict the order (a "real"
     *                                         episode named as the sim side)
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public EpisodePair create(UUID datasetId, String kind, UUID first, UUID second, String key, long offsetNanos) {
        requireKind(kind);
        if (first == null || second == null) {
            throw new IllegalArgumentException("a pair needs two episodes: first and second");
        }
        if (first.equals(second)) {
            throw new IllegalArgumentException("an episode cannot be paired with itself");
        }
        String k = key == null || key.isBlank() ? null : key.strip();
        if (k != null && k.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key is at most " + MAX_KEY_LENGTH + " characters");
        }
        datasets.requireDataset(datasetId);
        Map<UUID, EpisodeMetadata> found = datasets.episodeMetadata(List.of(first, second)).stream()
                .collect(Collectors.toMap(EpisodeMetadata::id, Function.identity()));
        EpisodeMetadata a = found.get(first);
        EpisodeMetadata b = found.get(second);
        if (a == null || b == null) {
            throw new NotFoundInOrganizationException("Episode");
        }
        for (EpisodeMetadata e : List.of(a, b)) {
            if (!e.datasetId().equals(datasetId)) {
                throw new IllegalArgumentException("episode '" + e.name() + "' is in another dataset; both episodes"
                        + " of a pair are in the pair's dataset");
            }
        }
        List<String> variants = VARIANTS.get(kind);
        if (variants != null) {
            String va = a.metadata().get(VARIANT_KEY);
            String vb = b.metadata().get(VARIANT_KEY);
            if (variants.get(1).equals(va) || variants.get(0).equals(vb)) {
                throw new IllegalArgumentException("for " + kind + " the first episode is the " + variants.get(0)
                        + " one and the second the " + variants.get(1) + " one, but '" + a.name() + "' is "
                        + (va == null ? "unmarked" : va) + " and '" + b.name() + "' is "
                        + (vb == null ? "unmarked" : vb) + " (metadata '" + VARIANT_KEY + "'); swap them");
            }
        }
        UUID org = current.id();
        repository.pairOf(org, first, second).ifPresent(existing -> {
            throw new EpisodePairExistsException(existing.id());
        });
        EpisodePair pair = repository.insert(org, datasetId, kind, first, second, k, offsetNanos,
                current.requireUser().userId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataset", datasetId.toString());
        details.put("kind", kind);
        details.put("first", a.name());
        details.put("second", b.name());
        if (k != null) {
            details.put("key", k);
        }
        audit.record("episode_pair.created", "episode_pair", pair.id().toString(), details);
        return pair;
    }

    /**
     * Pairs the dataset's episodes that carry the same value of a metadata key: two episodes per value, ordered by
     * the {@link #VARIANT_KEY} metadata for sim-real ({@code sim} first, then {@code real}) and rollout-demo
     * ({@code rollout}, then {@code demo}), by name for takes. Nothing is guessed: a value on one episode, on three or
     * more, or on two whose variants are not one of each, is reported and left unpaired. Values whose two episodes are
     * paired already are counted, not paired again, so running it twice makes nothing new.
     *
     * @throws NotFoundInOrganizationException when the dataset is not in this organization
     * @throws IllegalArgumentException        for a blank or long key or an unknown kind
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public PairingReport pairByKey(UUID datasetId, String metadataKey, String kind) {
        requireKind(kind);
        if (metadataKey == null || metadataKey.isBlank() || metadataKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("metadataKey must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        Map<String, List<EpisodeMetadata>> byValue = new TreeMap<>();
        for (EpisodeMetadata e : datasets.episodesWithMetadata(datasetId, metadataKey)) {
            byValue.computeIfAbsent(e.metadata().get(metadataKey), v -> new ArrayList<>()).add(e);
        }
        UUID org = current.id();
        UUID me = current.requireUser().userId();
        List<EpisodePair> created = new ArrayList<>();
        List<PairingIssue> issues = new ArrayList<>();
        int already = 0;
        for (Map.Entry<String, List<EpisodeMetadata>> group : byValue.entrySet()) {
            List<EpisodeMetadata> episodes = group.getValue();
            List<UUID> ids = episodes.stream().map(EpisodeMetadata::id).toList();
            if (episodes.size() != 2) {
                issues.add(new PairingIssue(group.getKey(), episodes.size() == 1 ? PairingIssue.UNPAIRED
                        : PairingIssue.AMBIGUOUS, ids));
                continue;
            }
            List<EpisodeMetadata> ordered = ordered(kind, episodes);
            if (ordered == null) {
                issues.add(new PairingIssue(group.getKey(), PairingIssue.VARIANTS, ids));
                continue;
            }
            UUID first = ordered.get(0).id();
            UUID second = ordered.get(1).id();
            if (repository.pairOf(org, first, second).isPresent()) {
                already++;
                continue;
            }
            created.add(repository.insert(org, datasetId, kind, first, second, group.getKey(), 0, me));
        }
        if (!created.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("metadataKey", metadataKey);
            details.put("kind", kind);
            details.put("created", created.size());
            details.put("alreadyPaired", already);
            details.put("issues", issues.size());
            audit.record("episode_pair.paired_by_key", "dataset", datasetId.toString(), details);
        }
        return new PairingReport(metadataKey, kind, created, already, issues);
    }

    /** Sets the offset the paired player adds to the second episode's clock. */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public EpisodePair setOffset(UUID pairId, long offsetNanos) {
        EpisodePair before = pair(pairId);
        repository.setOffset(current.id(), pairId, offsetNanos);
        audit.record("episode_pair.offset.changed", "episode_pair", pairId.toString(),
                Map.of("from", before.offsetNanos(), "to", offsetNanos));
        return pair(pairId);
    }

    /** Deletes the pair (its episodes stay). */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public void delete(UUID pairId) {
        EpisodePairEntry entry = entry(pairId);
        repository.delete(current.id(), pairId);
        audit.record("episode_pair.deleted", "episode_pair", pairId.toString(),
                Map.of("kind", entry.pair().kind(), "first", entry.firstName(), "second", entry.secondName()));
    }

    /** The two episodes in the kind's order, or null when their variants are not one of each the kind needs. */
    private static List<EpisodeMetadata> ordered(String kind, List<EpisodeMetadata> two) {
        List<String> variants = VARIANTS.get(kind);
        if (variants == null) {
            return two;
        }
        EpisodeMetadata a = two.get(0);
        EpisodeMetadata b = two.get(1);
        String va = a.metadata().get(VARIANT_KEY);
        String vb = b.metadata().get(VARIANT_KEY);
        if (variants.get(0).equals(va) && variants.get(1).equals(vb)) {
            return List.of(a, b);
        }
        if (variants.get(0).equals(vb) && variants.get(1).equals(va)) {
            return List.of(b, a);
        }
        return null;
    }

    private static void requireKind(String kind) {
        if (kind == null || !EpisodePair.KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + String.join(", ", EpisodePair.KINDS)
                    + ", not " + kind);
        }
    }

    private List<EpisodePairEntry> entries(List<EpisodePair> pairs) {
        Set<UUID> ids = new HashSet<>();
        pairs.forEach(p -> {
            ids.add(p.first());
            ids.add(p.second());
        });
        Map<UUID, String> names = datasets.episodeMetadata(ids).stream()
                .collect(Collectors.toMap(EpisodeMetadata::id, EpisodeMetadata::name));
        return pairs.stream().map(p -> new EpisodePairEntry(p, names.getOrDefault(p.first(), ""),
                names.getOrDefault(p.second(), ""))).toList();
    }
}

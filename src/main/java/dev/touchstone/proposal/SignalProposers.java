package dev.touchstone.proposal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Proposals from an episode's own signals: contact on/off events per hand ({@code signals.contact}) and phase spans
 * ({@code signals.phase}). Pure: reads the signals through the {@link SignalSource}, changes nothing.
 */
public final class SignalProposers {

    private final ProposerSettings settings;

    public SignalProposers(ProposerSettings settings) {
        this.settings = settings;
    }

    /**
     * @param source             the episode's signals
     * @param schemaPhaseClasses the class keys of the schema's phase definition ({@code settings.phases().definition()})
     *                           in their order; the plan's classes must be among them in the same order
     * @return contact events and phases, in time order
     * @throws ProposerInputException when a configured stream or channel is missing or empty, or the plan does not
     *                                fit the schema
     */
    public List<Proposal> propose(SignalSource source, List<String> schemaPhaseClasses) throws IOException {
        ContactProposer.Result contacts = ContactProposer.propose(source, settings);
        List<Proposal> all = new ArrayList<>(contacts.proposals());
        all.addAll(PhaseProposer.propose(source, settings, schemaPhaseClasses, contacts));
        all.sort(Comparator.comparingLong(Proposal::startNanos));
        return List.copyOf(all);
    }

    /** Only the contact events. */
    public List<Proposal> contacts(SignalSource source) throws IOException {
        return ContactProposer.propose(source, settings).proposals();
    }

    public static String contactSource() {
        return ContactProposer.SOURCE;
    }

    public static String phaseSource() {
        return PhaseProposer.SOURCE;
    }

    /** The contact proposer's version, stored with its proposals. */
    public static String contactVersion() {
        return ContactProposer.VERSION;
    }

    /** The phase proposer's version, stored with its proposals. */
    public static String phaseVersion() {
        return PhaseProposer.VERSION;
    }
}

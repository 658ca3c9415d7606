/**
 * The place on the item page for the explanation (plain language for stakeholders, technical terms for engineers)
 * and the breakdown into technical tasks. They come from the translate feature (explain / breakdown routes); until
 * the server offers it, the slot says so.
 */
import { Section } from '../components/panels';
import { useAppState } from '../app-state';

export function ExplanationSlot({ id }: { id: string }) {
  const { meta } = useAppState();
  const offered = meta.features.includes('translate');
  return (
    <Section
      title="Explanation and breakdown"
      id="explanation"
      description={`Why ${id} matters and what it takes, in plain words, and the technical tasks it breaks into.`}
    >
      <div className="notice" data-testid="explanation-slot">
        {offered
          ? 'This server offers explanations; this dashboard does not show them yet.'
          : 'Explanations and breakdowns come with the translate feature, which this server does not offer yet.'}
      </div>
    </Section>
  );
}

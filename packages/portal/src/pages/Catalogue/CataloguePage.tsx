import { useState } from 'react';
import { getCatalogue } from '../../api/resource-servers';
import { EmptyState } from '../../components/EmptyState';
import { LoadState } from '../../components/LoadState';
import { PageHeader } from '../../components/PageHeader';
import { SearchField } from '../../components/SearchField';
import { matches } from '../../lib/search';
import { useLoad } from '../../lib/use-load';
import { RequestAccessDialog } from '../Access/RequestAccessDialog';
import { CatalogueEntryCard } from './CatalogueEntryCard';

/** Every API of every team, so people find what exists before they build it again. */
export function CataloguePage() {
  const catalogue = useLoad(() => getCatalogue(), []);
  const [q, setQ] = useState('');
  const [requesting, setRequesting] = useState<string | null>(null);

  const shown = (catalogue.data ?? [])
    .map((entry) => {
      const apiMatches = matches(q, entry.name, entry.identifier, entry.description, entry.team?.name);
      const scopes = apiMatches
        ? entry.scopes
        : entry.scopes.filter((s) => matches(q, s.name, s.description));
      return { entry, scopes, visible: apiMatches || scopes.length > 0 };
    })
    .filter((x) => x.visible);

  return (
    <>
      <PageHeader title="Catalogue">
        <p className="muted">
          Every API registered in Gatehouse and the scopes it offers. Ask for a scope for one of your clients;
          the API’s team approves or denies.
        </p>
      </PageHeader>
      <div className="toolbar" role="search">
        <SearchField
          id="catalogue-search"
          label="Search the catalogue"
          placeholder="API, team, scope or description"
          value={q}
          onChange={setQ}
        />
      </div>
      {catalogue.data ? (
        shown.length === 0 ? (
          <EmptyState title={q ? `Nothing matches “${q}”` : 'No APIs are registered yet'} />
        ) : (
          <div className="catalogue">
            {shown.map(({ entry, scopes }) => (
              <CatalogueEntryCard key={entry.id} entry={entry} scopes={scopes} onRequest={setRequesting} />
            ))}
          </div>
        )
      ) : (
        <LoadState loading={catalogue.loading} error={catalogue.error} onRetry={catalogue.reload} />
      )}
      {requesting ? <RequestAccessDialog scope={requesting} onClose={() => setRequesting(null)} /> : null}
    </>
  );
}

import { ApiError, errorMessage } from '../api/error';
import { Alert } from './Alert';

interface LoadStateProps {
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
}

/** "Loading…" or what went wrong, while a page's data is not there yet. */
export function LoadState({ loading, error, onRetry }: LoadStateProps) {
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <Alert>
        {notFound
          ? 'Not found. It may have been deleted, or you may not have access to it.'
          : errorMessage(error)}
        {onRetry && !notFound ? (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onRetry}>
              Try again
            </button>
          </>
        ) : null}
      </Alert>
    );
  }
  if (loading) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  return null;
}

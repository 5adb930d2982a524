import { Fragment } from 'react';
import { EmailText } from '../components/email-text';
import { formatCost, formatDateTime, formatTime } from '../format';
import { formatSeconds, modelLine, outcomeText, targetLine, tokenParts, type RecentRequest } from './requests-api';

const COLUMNS = ['Time', 'Status', 'Model', 'Key', 'Account', 'Tokens', 'Latency', 'Cost'] as const;

interface RequestsTableProps {
  rows: RecentRequest[];
  now: number;
  keyName: (id: string) => string;
  accountName: (id: string) => string;
}

/**
 * One request per row group: its figures in one row, and its error in words in a row of its own under it, the
 * whole width of the table — so the figures and the error are on screen at 1280 px and, stacked, at 420 px
 * (`table.stacks`, see narrow-table.css).
 */
export function RequestsTable({ rows, now, keyName, accountName }: RequestsTableProps) {
  return (
    <table className="usage-table requests-table stacks" aria-labelledby="requests-table-title">
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      {rows.map((row) => (
        <RequestRows key={row.id} row={row} now={now} keyName={keyName} accountName={accountName} />
      ))}
    </table>
  );
}

function RequestRows({ row, now, keyName, accountName }: { row: RecentRequest } & Omit<RequestsTableProps, 'rows'>) {
  const { model, asked } = modelLine(row);
  const target = targetLine(row);
  const failed = row.outcome !== 'ok';
  return (
    <tbody className={failed ? `request outcome-${row.outcome}` : 'request'}>
      <tr>
        <td className="request-time">
          <time dateTime={new Date(row.at).toISOString()} title={formatDateTime(row.at)}>
            {formatTime(row.at, now, { seconds: true })}
          </time>
        </td>
        <td className="request-status">
          <span className={`badge ${failed ? 'warn' : 'ok'}`}>{outcomeText(row)}</span>
        </td>
        <td className="request-model">
          {model ?? <span className="muted">no model named</span>}
          <span className="request-detail muted small">
            {row.endpoint}
            {asked ? ` · asked for ${asked}` : ''}
            {target ? ` · via ${target}` : ''}
          </span>
        </td>
        <td className="request-key" data-label="Key">
          {row.keyId === null ? '—' : keyName(row.keyId)}
        </td>
        <td className="request-account" data-label="Account">
          {row.accountId === null ? <span className="muted">none tried</span> : <EmailText text={accountName(row.accountId)} />}
        </td>
        <td className="request-tokens" data-label="Tokens">
          {/* Each figure stays whole ("12,255 cache write"); the line wraps between them. */}
          {tokenParts(row).map((part, i) => (
            <Fragment key={i}>
              {i > 0 && ' · '}
              <span className="token-part">{part}</span>
            </Fragment>
          ))}
          {row.tokensEstimated && ' (estimated)'}
        </td>
        <td className="request-latency" data-label="Latency">
          {formatSeconds(row.latencyMs)}
          {row.ttftMs !== null && <span className="request-detail muted small">first byte {formatSeconds(row.ttftMs)}</span>}
        </td>
        <td className="request-cost" data-label="Cost">
          {formatCost(row.costUsd, row.costUsd === null ? 1 : 0)}
        </td>
      </tr>
      {row.error !== null && (
        <tr className="request-error">
          <td colSpan={COLUMNS.length}>
            <span className="request-error-label">Error:</span> {row.error}
          </td>
        </tr>
      )}
    </tbody>
  );
}

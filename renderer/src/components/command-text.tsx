import { Fragment } from 'react';

/** A sentence from the proxy with its commands in backticks ("run `switchboard login anthropic`"): each shown as code. */
export function CommandText({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd number of backticks pairs up no command: the sentence is shown as it is.
  if (parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

import { Fragment } from 'react';

/**
 * An e-mail (or an account id made of one) that wraps only before its "@" or a dot — "alice / @example.com", never
 * "alice@example.c / om" nor after a hyphen: its pieces do not wrap (styles.css), and a <wbr> between them is
 * where a line may end.
 */
export function EmailText({ text }: { text: string }) {
  const pieces = text.split(/(?=[@.])/);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="email-piece">{piece}</span>
        </Fragment>
      ))}
    </>
  );
}

import type { Transporter } from 'nodemailer';
import { MailError, type MailMessage } from './mailer.js';

let composer: Promise<Transporter> | undefined;

// Nodemailer's composer, without sending: MIME parts, encoded headers and line lengths as RFC
// 5322 wants. Loaded on first use, so commands that never send mail do not pay for it.
function getComposer(): Promise<Transporter> {
  composer ??= import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }),
  );
  return composer;
}

/** The message as an RFC 5322 document (CRLF line ends), as a mail server would receive it. */
export async function composeMessage(message: MailMessage, from: string, date: Date): Promise<Buffer> {
  const info: { message?: unknown } = await (
    await getComposer()
  ).sendMail({
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    date,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  if (!Buffer.isBuffer(info.message)) throw new MailError('the message could not be composed');
  return info.message;
}

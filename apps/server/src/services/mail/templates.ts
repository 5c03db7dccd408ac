import type { OutgoingMail } from '../../infra/mailer';

/** HTML-escapes text that came from users (workspace and inviter names). */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function withButton(intro: string, link: string, label: string, outro: string): string {
  return (
    `<p>${esc(intro)}</p><p><a href="${esc(link)}">${esc(label)}</a></p>` +
    `<p style="color:#666">${esc(outro)}<br>${esc(link)}</p>`
  );
}

export function invitationMail(o: {
  to: string;
  link: string;
  workspaceName: string;
  inviterName: string;
  role: string;
}): OutgoingMail {
  const intro = `${o.inviterName} invited you to the workspace "${o.workspaceName}" on API Playground as ${o.role}.`;
  const outro = 'The link is valid for 7 days. If you did not expect this, ignore this message.';
  return {
    to: o.to,
    subject: `You are invited to ${o.workspaceName} on API Playground`,
    text: `${intro}\n\nAccept the invitation: ${o.link}\n\n${outro}\n`,
    html: withButton(intro, o.link, 'Accept the invitation', outro),
  };
}

export function passwordResetMail(o: { to: string; link: string }): OutgoingMail {
  const intro = 'Someone (hopefully you) asked to reset the password of your API Playground account.';
  const outro =
    'The link works once, for one hour. Setting a new password signs you out everywhere. If you did not ask, ' +
    'ignore this message: your password stays as it is.';
  return {
    to: o.to,
    subject: 'Reset your API Playground password',
    text: `${intro}\n\nChoose a new password: ${o.link}\n\n${outro}\n`,
    html: withButton(intro, o.link, 'Choose a new password', outro),
  };
}

export function verificationMail(o: { to: string; link: string }): OutgoingMail {
  const intro = 'Confirm that this is your email address for API Playground.';
  const outro = 'The link works once, for 24 hours.';
  return {
    to: o.to,
    subject: 'Confirm your email address',
    text: `${intro}\n\nConfirm: ${o.link}\n\n${outro}\n`,
    html: withButton(intro, o.link, 'Confirm my address', outro),
  };
}

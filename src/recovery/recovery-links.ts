/** The pages the links in the mails open (APP_URL/…?token=…); the demo page serves them. */
export const LINK_PATHS = {
  'password-reset': '/reset-password',
  'email-verification': '/verify-email',
  'email-change': '/confirm-email',
} as const;

export function recoveryLink(appUrl: string, purpose: keyof typeof LINK_PATHS, token: string): string {
  return `${appUrl}${LINK_PATHS[purpose]}?token=${encodeURIComponent(token)}`;
}

'use strict';
// Second factors for the demo page (issue 15): TOTP with recovery codes, the two-step login, passkeys. Uses
// demo.js's helpers (window.gatehouseDemo); every request goes with the cookies and the CSRF header as there.
(function () {
  const $ = (id) => document.getElementById(id);
  const { call, show, failure, whoAmI, credentials } = window.gatehouseDemo;
  const cookieDelivery = { 'X-Token-Delivery': 'cookie' };
  let mfaToken = null;

  window.gatehouseMfa = {
    // POST /auth/login answered {mfaRequired, mfaToken, methods}: no session yet.
    pending(body) {
      mfaToken = body.mfaToken;
      show(`Second step needed (${body.methods.join(', ')}): enter the code from your app, or use a passkey`);
    },
  };

  $('totp-setup').addEventListener('click', async () => {
    const res = await call('POST', '/auth/mfa/totp/setup', { currentPassword: credentials().password });
    if (res.status !== 200) return failure('TOTP setup', res);
    // Shown as text: paste it into an authenticator app (or turn it into a QR code elsewhere).
    $('otpauth-url').textContent = res.body.otpauthUrl;
    show('Add the URL to your authenticator app, then confirm with a code');
  });

  $('totp-confirm').addEventListener('click', async () => {
    const res = await call('POST', '/auth/mfa/totp/confirm', { code: $('totp-code').value });
    if (res.status !== 200) return failure('TOTP confirmation', res);
    $('recovery-codes').textContent = res.body.recoveryCodes.join('\n');
    show('TOTP is on. Keep the recovery codes somewhere safe: they are shown only now');
  });

  $('mfa-login').addEventListener('click', async () => {
    if (!mfaToken) return show('Log in with your password first');
    const res = await call('POST', '/auth/login/mfa', { mfaToken, code: $('totp-code').value }, cookieDelivery);
    if (res.status !== 200) return failure('Second step', res);
    mfaToken = null;
    await whoAmI();
  });

  $('passkey-register').addEventListener('click', async () => {
    const options = await call('POST', '/auth/passkeys/registration/options');
    if (options.status !== 200) return failure('Passkey options', options);
    try {
      const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.body) });
      const res = await call('POST', '/auth/passkeys/registration', { response: credential.toJSON(), name: 'Demo passkey' });
      if (res.status !== 201) return failure('Passkey registration', res);
      show(`Passkey "${res.body.name}" registered`);
    } catch (error) {
      show(`Passkey registration cancelled: ${error.message}`);
    }
  });

  // Alone (discoverable, no e-mail needed), or as the second step after a password when a login is pending.
  $('passkey-login').addEventListener('click', async () => {
    const options = await call('POST', '/auth/passkeys/authentication/options', mfaToken ? { mfaToken } : {});
    if (options.status !== 200) return failure('Passkey options', options);
    const { challengeId, ...publicKey } = options.body;
    try {
      const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) });
      const assertion = { challengeId, response: credential.toJSON() };
      const res = mfaToken
        ? await call('POST', '/auth/login/mfa', { mfaToken, passkey: assertion }, cookieDelivery)
        : await call('POST', '/auth/passkeys/authentication', assertion, cookieDelivery);
      if (res.status !== 200) return failure('Passkey sign-in', res);
      mfaToken = null;
      await whoAmI();
    } catch (error) {
      show(`Passkey sign-in cancelled: ${error.message}`);
    }
  });
})();

'use strict';
// No framework: fetch sends the HttpOnly cookies itself; the page only ever reads the CSRF cookie.
(function () {
  const $ = (id) => document.getElementById(id);

  function csrfToken() {
    const match = /(?:^|;\s*)(?:__Host-)?gatehouse_csrf=([^;]*)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : '';
  }

  async function call(method, path, body, extraHeaders) {
    const headers = { 'X-CSRF-Token': csrfToken(), ...extraHeaders };
    if (body) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  function show(message) {
    $('status').textContent = message;
  }

  function failure(action, res) {
    const message = res.body && res.body.message;
    show(`${action} failed (${res.status}): ${Array.isArray(message) ? message.join('; ') : message}`);
  }

  function credentials() {
    return { email: $('email').value, password: $('password').value };
  }

  async function whoAmI() {
    const res = await call('GET', '/auth/me');
    if (res.status === 200) {
      $('who').textContent = `Signed in as ${res.body.email} (${res.body.roles.join(', ')})`;
      show('Loaded your profile');
    } else {
      $('who').textContent = 'Signed out';
      failure('Who am I', res);
    }
  }

  $('register').addEventListener('click', async () => {
    const res = await call('POST', '/auth/register', credentials());
    if (res.status === 201) show(`Registered ${res.body.email}; now log in`);
    else failure('Registration', res);
  });

  $('credentials').addEventListener('submit', async (event) => {
    event.preventDefault();
    // Cookie delivery: the tokens come only as HttpOnly cookies, never in a body this script could read.
    const res = await call('POST', '/auth/login', credentials(), { 'X-Token-Delivery': 'cookie' });
    // Second factor on: mfa-demo.js finishes the login.
    if (res.status === 200 && res.body && res.body.mfaRequired) window.gatehouseMfa.pending(res.body);
    else if (res.status === 200) await whoAmI();
    else failure('Login', res);
  });

  $('me').addEventListener('click', whoAmI);

  // For mfa-demo.js (second factors), which uses the same helpers.
  window.gatehouseDemo = { call, show, failure, whoAmI, credentials };

  $('refresh').addEventListener('click', async () => {
    const res = await call('POST', '/auth/refresh');
    if (res.status === 200) show(`Session refreshed; new access token valid for ${res.body.expiresIn} s`);
    else failure('Refresh', res);
  });

  // --- Account recovery (issue 14) ------------------------------------------------------------------------------
  // The links in the mails open /reset-password, /verify-email or /confirm-email, which redirect here with
  // ?action=…&token=…; the token leaves the address bar at once (no history entry, no Referer: helmet's no-referrer).
  (function recovery() {
    const params = new URLSearchParams(location.search);
    const action = params.get('action');
    const token = params.get('token');
    if (action && token) history.replaceState(null, '', location.pathname);

    $('forgot').addEventListener('click', async () => {
      const res = await call('POST', '/auth/password/forgot', { email: $('email').value });
      if (res.status === 202) show('If an account has this address, a reset link is on its way');
      else failure('Password reset', res);
    });

    $('reset-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const res = await call('POST', '/auth/password/reset', { token, newPassword: $('new-password').value });
      if (res.status === 204) {
        $('reset-form').hidden = true;
        show('Password changed; every session was signed out. Log in with the new password');
      } else failure('Password reset', res);
    });

    if (action === 'reset-password' && token) {
      $('reset-form').hidden = false;
      show('Choose a new password');
    } else if (action === 'verify-email' && token) {
      call('POST', '/auth/email/verify', { token }).then((res) =>
        res.status === 204 ? show('E-mail address verified') : failure('Verification', res),
      );
    } else if (action === 'confirm-email' && token) {
      call('POST', '/auth/email/change/confirm', { token }).then((res) =>
        res.status === 200 ? show(`E-mail address changed to ${res.body.email}`) : failure('E-mail change', res),
      );
    }
  })();
  // --- End of account recovery ------------------------------------------------------------------------------------

  $('logout').addEventListener('click', async () => {
    const res = await call('POST', '/auth/logout');
    if (res.status === 204) {
      $('who').textContent = 'Signed out';
      show('Logged out');
    } else failure('Logout', res);
  });
})();

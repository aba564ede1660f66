export { RefreshToken } from './refresh-token.entity.js';
export { REVOCATION_STORE, type RevocationStore } from './revocation/revocation-store.js';
export { RevokedSession } from './revocation/revoked-session.entity.js';
export { SessionResponseDto } from './session-response.dto.js';
export { Session } from './session.entity.js';
export { SessionsModule } from './sessions.module.js';
export { type SessionAuthentication, type SessionMeta, SessionsService } from './sessions.service.js';
export { RefreshTokenReused, RefreshTokenRotated } from './session.events.js';
export { SessionErrors } from './session.errors.js';

export { AuthModule } from './auth.module.js';
export type { TokenResponseDto } from './dto/token-response.dto.js';
export { PasswordHasherService } from './passwords/password-hasher.service.js';
export { AdminBootstrapChecked, LoggedOut, LoginFailed, LoginSucceeded } from './auth.events.js';
export { AuthErrors } from './auth.errors.js';

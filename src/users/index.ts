export { UserResponseDto } from './dto/user-response.dto.js';
export { User, type UserKind } from './entities/user.entity.js';
export {
  ServiceAccountCreated,
  UserCreated,
  UserDeleted,
  UserEmailChanged,
  UserEmailVerified,
  UserPasswordChanged,
  UserRolesChanged,
  UserStatusChanged,
} from './user.events.js';
export { UsersModule } from './users.module.js';
export { UsersService, type NewUser } from './users.service.js';
export { emailAddressProblem, IsEmailAddress, normalizeEmail } from './email-address.js';
export { UserErrors } from './user.errors.js';

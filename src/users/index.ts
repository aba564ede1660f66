export { UserResponseDto } from './dto/user-response.dto.js';
export { User } from './entities/user.entity.js';
export { UserCreated, UserDeleted, UserPasswordChanged, UserRolesChanged, UserStatusChanged } from './user.events.js';
export { UsersModule } from './users.module.js';
export { normalizeEmail, UsersService, type NewUser } from './users.service.js';

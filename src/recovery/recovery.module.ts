import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginAttemptsModule } from '../abuse/index.js';
import { AuthModule } from '../auth/index.js';
import { MailModule } from '../mail/index.js';
import { UsersModule } from '../users/index.js';
import { EmailChangeService } from './email-change.service.js';
import { EmailVerificationService } from './email-verification.service.js';
import { EmailController } from './email.controller.js';
import { PasswordResetController } from './password-reset.controller.js';
import { PasswordResetService } from './password-reset.service.js';
import { RecoveryToken } from './recovery-token.entity.js';
import { RecoveryTokensService } from './recovery-tokens.service.js';

/** Password reset, e-mail verification and e-mail change: the flows that prove or use the ownership of an address. */
@Module({
  imports: [TypeOrmModule.forFeature([RecoveryToken]), UsersModule, AuthModule, LoginAttemptsModule, MailModule],
  controllers: [PasswordResetController, EmailController],
  providers: [RecoveryTokensService, PasswordResetService, EmailVerificationService, EmailChangeService],
  exports: [PasswordResetService, EmailVerificationService],
})
export class RecoveryModule {}

import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsUUID } from 'class-validator';

/** What `navigator.credentials.get` returned, with the id of the challenge it signed. */
export class PasskeyAssertionDto {
  @ApiProperty({ format: 'uuid', description: 'challengeId from POST /auth/passkeys/authentication/options' })
  @IsUUID()
  challengeId: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The PublicKeyCredential as JSON (AuthenticationResponseJSON)' })
  @IsObject()
  response: Record<string, unknown>;
}

import { z } from 'zod';

/** `scrypt` password hashes as `<salt hex>:<key hex>` (N=16384, r=8, p=1). */
export const SCRYPT_HASH = /^[0-9a-fA-F]{16,}:[0-9a-fA-F]{32,}$/;

/** One entry of `dashboard.auth.users`: a name and exactly one password hash. */
export const dashboardUserSchema = z
  .strictObject({
    name: z.string().regex(/^[^:\s]{1,64}$/, { error: 'must be 1 to 64 characters without spaces or colons' }),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the 64 hex digits of the SHA-256 of the password' })
      .transform((hex) => hex.toLowerCase())
      .optional(),
    scrypt: z.string().regex(SCRYPT_HASH, { error: 'must be <salt hex>:<key hex>, as sluice dashboard hash-password prints' }).optional(),
  })
  .refine((user) => (user.sha256 === undefined) !== (user.scrypt === undefined), { error: 'needs exactly one of sha256 or scrypt' });

/** `dashboard.auth`: HTTP basic authentication against these users. */
export const dashboardAuthSchema = z.strictObject({ users: z.array(dashboardUserSchema).min(1, { error: 'needs at least one user' }) });

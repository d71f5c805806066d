import type { PrismaClient } from "../db/prisma-client";
import type { Prisma } from "../generated/prisma/client";
import { invalidCredentials } from "../graphql/errors";
import { createOpaqueToken, hashOpaqueToken, isWellFormedOpaqueToken } from "./opaque-token";
import { anonymousViewer, type Viewer } from "./viewer";

/** Prisma's client or a transaction's: sessions are often written inside a larger change. */
type Db = PrismaClient | Prisma.TransactionClient;

export interface SessionMetadata {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Login sessions as opaque bearer tokens. Only the token's SHA-256 is stored, so a leaked
 * database cannot be replayed as logins; revocation is a timestamp, checked on every use.
 */
export class SessionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlHours: number,
  ) {}

  /** Starts a session and returns its bearer token (shown to the client once). */
  async create(db: Db, userId: string, metadata: SessionMetadata): Promise<string> {
    const { token, hash } = createOpaqueToken();
    await db.session.create({
      data: {
        userId,
        tokenHash: hash,
        expiresAt: new Date(Date.now() + this.ttlHours * 3_600_000),
        ip: metadata.ip,
        userAgent: metadata.userAgent?.slice(0, 500) ?? null,
      },
    });
    return token;
  }

  /**
   * The viewer an `Authorization` header stands for: anonymous without one; otherwise the
   * session's user, with ONE indexed lookup.
   * @throws UNAUTHENTICATED for a malformed, unknown, expired or revoked token: a client
   *   that sent credentials is never silently treated as anonymous.
   */
  async resolveViewer(authorization: string | undefined): Promise<Viewer> {
    if (authorization === undefined || authorization.trim() === "") return anonymousViewer;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
    if (!token || !isWellFormedOpaqueToken(token)) {
      throw invalidCredentials("The Authorization header must be `Bearer <session token>`.");
    }
    const session = await this.prisma.session.findUnique({
      where: { tokenHash: hashOpaqueToken(token) },
      select: { id: true, expiresAt: true, revokedAt: true, user: { select: { id: true, roles: true } } },
    });
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) {
      throw invalidCredentials("The session token is invalid, expired or revoked. Log in again.");
    }
    return { userId: session.user.id, roles: session.user.roles, sessionId: session.id };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  /** Ends every session of a user but `keepSessionId` (after a password change or reset). */
  async revokeAllForUser(db: Db, userId: string, keepSessionId: string | null = null): Promise<void> {
    await db.session.updateMany({
      where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      data: { revokedAt: new Date() },
    });
  }
}

import type { DirectSql } from "../db/direct-sql";
import type { PrismaClient } from "../db/prisma-client";
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db/transactions";
import type { Role } from "../generated/prisma/enums";
import { invalidCredentials } from "../graphql/errors";
import { createOpaqueToken, hashOpaqueToken, isWellFormedOpaqueToken } from "./opaque-token";
import { anonymousViewer, type Viewer } from "./viewer";

/** The signed-in user as the session lookup reads it: all `me` shows, so `me` needs no second read. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  createdAt: Date;
}

/** Who an `Authorization` header stands for, and that user's row (null when anonymous). */
export interface ResolvedSession {
  viewer: Viewer;
  user: SessionUser | null;
}

interface SessionLookup extends Omit<SessionUser, "id"> {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: string;
}

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
    private readonly sql: DirectSql,
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
   * session's user (and the user's row), with ONE indexed lookup.
   * @throws UNAUTHENTICATED for a malformed, unknown, expired or revoked token: a client
   *   that sent credentials is never silently treated as anonymous.
   */
  async resolveSession(authorization: string | undefined): Promise<ResolvedSession> {
    if (authorization === undefined || authorization.trim() === "")
      return { viewer: anonymousViewer, user: null };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const token = match?.[1];
    if (!token || !isWellFormedOpaqueToken(token)) {
      throw invalidCredentials("The Authorization header must be `Bearer <session token>`.");
    }
    // One statement (Prisma's nested select would send a second one for the user): this runs
    // on every signed-in request. Every session has its user (the foreign key cascades).
    const [session] = await this.sql.rows<SessionLookup>(Prisma.sql`
      SELECT s.id, s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", u.id AS "userId",
        u.roles::text[] AS roles, u.email, u.name, u.created_at AS "createdAt"
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ${hashOpaqueToken(token)}`);
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) {
      throw invalidCredentials("The session token is invalid, expired or revoked. Log in again.");
    }
    const { userId, roles, email, name, createdAt } = session;
    return {
      viewer: { userId, roles, sessionId: session.id },
      user: { id: userId, email, name, roles, createdAt },
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.prisma.session.updateMany({
      where: { id: sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  /** Ends every session of a user but `keepSessionId` (after a password change or reset). */
  async revokeAllForUser(db: Db, userId: string, keepSessionId: string | null = null): Promise<void> {
    await db.session.updateMany({
      where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      data: { revokedAt: new Date() },
    });
  }
}

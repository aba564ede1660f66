import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, MoreThan } from 'typeorm';
import type { AuditConfig } from '../config/index.js';
import { chainHash } from './audit-chain.js';
import { AuditChainHead, AuditEvent } from './audit-event.entity.js';

export interface ChainVerdict {
  ok: boolean;
  /** Rows checked. */
  events: number;
  /** The first row whose hash or place does not follow from the rows before it. */
  firstBrokenId?: string;
  firstBrokenSeq?: number;
  reason?: string;
}

const PAGE = 1000;

/**
 * Recomputes the chain from the pruning checkpoint to the head. An edited row fails its own hash; a deleted or moved
 * row breaks the `seq` sequence (or the hash) at the row that follows it; rows deleted at the end no longer reach the
 * head's seq and hash.
 */
@Injectable()
export class AuditVerifierService {
  private readonly key?: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.key = config.getOrThrow<AuditConfig>('audit').hmacKey;
  }

  async verify(): Promise<ChainVerdict> {
    const head = await this.dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    let previous = head.prunedHash;
    let expectedSeq = head.prunedThroughSeq + 1;
    let events = 0;
    const rows = this.dataSource.getRepository(AuditEvent);
    for (;;) {
      // Rows after the head read above were appended meanwhile; they are checked next time.
      const page = await rows.find({ where: { seq: MoreThan(expectedSeq - 1) }, order: { seq: 'ASC' }, take: PAGE });
      const inRange = page.filter((row) => row.seq <= head.lastSeq);
      for (const row of inRange) {
        if (row.seq !== expectedSeq) return broken(events, row, `expected seq ${expectedSeq}: a row before it was deleted or moved`);
        if (chainHash(previous, row, this.key) !== row.hash) return broken(events, row, 'hash does not match the row and its predecessor');
        previous = row.hash;
        expectedSeq++;
        events++;
      }
      if (inRange.length < PAGE) break;
    }
    if (expectedSeq - 1 !== head.lastSeq || previous !== head.lastHash) {
      return {
        ok: false,
        events,
        reason: `the chain ends at seq ${expectedSeq - 1}, the head says ${head.lastSeq}: rows at the end were deleted or edited`,
      };
    }
    return { ok: true, events };
  }
}

function broken(events: number, row: AuditEvent, reason: string): ChainVerdict {
  return { ok: false, events, firstBrokenId: row.id, firstBrokenSeq: row.seq, reason };
}

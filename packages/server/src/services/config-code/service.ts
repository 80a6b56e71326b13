import type { ConfigApplied, ConfigFile, ConfigFileInput, ConfigPlan } from '@gatehouse/schemas';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import type { Actor } from '../actor.js';
import { applyConfig } from './apply.js';
import { exportConfig } from './export.js';
import type { RunOptions } from './model.js';
import { planConfig } from './plan.js';

/** Configuration as code: the registry written out as a file, and a file made the registry. */
export class ConfigCodeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: { allowHttpJwksUri: boolean },
  ) {}

  export(actor: Actor, options: { team?: string | undefined } = {}): Promise<ConfigFileInput> {
    return exportConfig(this.db, this.clock, actor, options);
  }

  async plan(actor: Actor, file: ConfigFile, options: RunOptions = {}): Promise<ConfigPlan> {
    return (await planConfig(this.settings(this.db, actor), file, options)).plan;
  }

  apply(actor: Actor, file: ConfigFile, options: RunOptions = {}): Promise<ConfigApplied> {
    return applyConfig(this.settings(this.db, actor), file, options);
  }

  private settings(db: Db, actor: Actor) {
    return { db, clock: this.clock, actor, allowHttpJwksUri: this.options.allowHttpJwksUri };
  }
}

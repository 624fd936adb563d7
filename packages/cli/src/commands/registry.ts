/**
 * Every command, in the order `trophyroom --help` lists them. A command is one module exporting
 * a `Command` (`name`, `summary`, `help`, `options?`, `run`); adding one is one import and one
 * entry here. Command modules stay light: they load the PSN client and the server package inside
 * `run`, so `--help` starts fast.
 * @module
 */
import type { Command } from '../command.ts';
import { compare } from './compare.ts';
import { demo } from './demo.ts';
import { exportCommand } from './export.ts';
import { get } from './get.ts';
import { graphql } from './graphql.ts';
import { library } from './library.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { migrate } from './migrate.ts';
import { played } from './played.ts';
import { profile } from './profile.ts';
import { record } from './record.ts';
import { rotateKey } from './rotate-key.ts';
import { runs } from './runs.ts';
import { serve } from './serve.ts';
import { sim } from './sim.ts';
import { status } from './status.ts';
import { summary } from './summary.ts';
import { titles } from './titles.ts';
import { trophies } from './trophies.ts';

export const commands: readonly Command[] = [
  login,
  logout,
  status,
  titles,
  trophies,
  summary,
  played,
  profile,
  compare,
  exportCommand,
  get,
  graphql,
  record,
  serve,
  migrate,
  rotateKey,
  sim,
  demo,
  library,
  runs,
];

import type { Command } from '../command';
import { aggregateCommand } from './aggregate';
import { clickhouseGrantsCommand } from './clickhouse-grants';
import { clickhouseServeCommand } from './clickhouse-serve';
import { composeSecretsCommand } from './compose-secrets';
import { dashboardCommand } from './dashboard';
import { dashboardHashPasswordCommand } from './dashboard-hash-password';
import { grafanaCommand } from './grafana';
import { healthcheckCommand } from './healthcheck';
import { ingestCommand } from './ingest';
import { ingestHashKeyCommand } from './ingest-hash-key';
import { kafkaDownCommand } from './kafka-down';
import { kafkaUpCommand } from './kafka-up';
import { loadgenCommand } from './loadgen';
import { queryCommand } from './query';
import { sinkCommand } from './sink';
import { upCommand } from './up';
import { validateCommand } from './validate';
import { compactCommand } from './compact';
import { recomputeCommand } from './recompute';
import { reconcileCommand } from './reconcile';

/** Every `sluice` command; each lives in its own file under commands/. */
export const COMMANDS: readonly Command[] = [validateCommand, grafanaCommand, healthcheckCommand, kafkaUpCommand, kafkaDownCommand, clickhouseServeCommand, clickhouseGrantsCommand, composeSecretsCommand, queryCommand, aggregateCommand, upCommand, dashboardCommand, dashboardHashPasswordCommand, sinkCommand, ingestCommand, ingestHashKeyCommand, loadgenCommand, compactCommand, recomputeCommand, reconcileCommand];

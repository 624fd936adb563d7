/** The jobs of the sync engine and their payloads. */
export const jobNames = ['psn.title-list', 'psn.import', 'psn.sync', 'webhooks.deliver'] as const;
/** Jobs that send to users' webhooks: they run in a lane of their own, so a slow receiver never holds up PSN work. */
export const notificationJobNames = ['webhooks.deliver'] as const satisfies readonly JobName[];
export type JobName = (typeof jobNames)[number];

export interface JobPayloads {
  /** Fill the picker after connecting: title list and play times. */
  'psn.title-list': { userId: string };
  /**
   * Import picked titles (resumes: titles already imported are skipped). With `runId`, it goes on
   * with that run: after giving way to a sync, or resumed by the user after a pause.
   */
  'psn.import': { userId: string; npCommunicationIds: string[]; runId?: string };
  /** Sync now, or the daily sync. */
  'psn.sync': { userId: string };
  /** Send the due webhook deliveries (of one user, or of everyone). */
  'webhooks.deliver': { userId?: string };
}

/** What a handler is told besides its payload: when to stop, and which job it runs (a job run again resumes its sync run). */
export interface JobContext {
  signal: AbortSignal;
  jobId: string;
}

export type JobHandlers = { [N in JobName]: (payload: JobPayloads[N], context: JobContext) => Promise<void> };

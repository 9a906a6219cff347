/** Task: the state of a trading-account job of a user (2.13). */
import { TASK_TYPES, type TaskData, type TaskType } from '../contract/wire.js';
import { builder } from './builder.js';
import { grantedOnly, type Readable } from './guards.js';
import { fromUpstreamTime } from './upstream-time.js';

export const TaskTypeRef = builder.enumType('TaskType', {
  description: 'The kinds of trading-account jobs the account service tracks.',
  values: {
    OPEN_ACCOUNT: { value: 'JOB_TYPE_TA_OPEN', description: 'Open a trading account.' },
    SAME_NAME_ACCOUNT: {
      value: 'JOB_TYPE_TA_SAME_OPEN',
      description: 'Open another account in the same name.',
    },
    BIND_ACCOUNT: { value: 'JOB_TYPE_TA_BIND', description: 'Bind an existing trading account.' },
    UPDATE_OWNER: { value: 'JOB_TYPE_TA_UPDATE_OWNER', description: "Update the account owner's details." },
  } as const,
});

const isTaskType = (value: string): value is TaskType => (TASK_TYPES as readonly string[]).includes(value);

export const TaskRef = builder.objectRef<Readable<TaskData>>('Task').implement({
  isTypeOf: grantedOnly('Task'),
  fields: (t) => ({
    id: t.id({ resolve: (task) => task.id }),
    type: t.field({
      type: TaskTypeRef,
      nullable: true,
      resolve: (task) => (isTaskType(task.jobType) ? task.jobType : null),
    }),
    state: t.string({
      description: 'As the account service reports it, e.g. Submited.',
      resolve: (task) => task.state,
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (task) => fromUpstreamTime(task.createdTime),
    }),
    userId: t.id({ resolve: (task) => task.pubUserId }),
  }),
});

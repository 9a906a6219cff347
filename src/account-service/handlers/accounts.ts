/** 2.11 profile read, 2.12 profile replace, 2.13 task state. */
import { z } from 'zod';
import { TASK_TYPES } from '../../contract/wire.js';
import { ApiError, okAnswer } from '../http.js';
import { parseInput } from '../validation.js';
import type { Handler } from './context.js';

/** 2.11. The stored document, exactly as it was last written (broker-specific fields included). */
export const getProfile: Handler = (ctx) => {
  const profile = ctx.store.getProfile(ctx.tenantId, ctx.params[0] ?? '');
  if (profile === undefined) throw new ApiError('USER_NOT_FOUND');
  return okAnswer(profile);
};

// A JSON object that is not an array; its fields are whatever the broker configured.
const section = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
);
const profileDocument = z.looseObject({
  base: section.optional(),
  cert: section.optional(),
  finance: section.optional(),
});

/** 2.12. The posted document replaces the stored one as a whole. */
export const updateProfile: Handler = (ctx) => {
  parseInput(profileDocument, ctx.body);
  if (!ctx.store.setProfile(ctx.tenantId, ctx.params[0] ?? '', ctx.body))
    throw new ApiError('USER_NOT_FOUND');
  return okAnswer();
};

const taskTypeSchema = z.enum(TASK_TYPES);

/** 2.13. The newest task of the type. */
export const getTaskState: Handler = (ctx) => {
  const [userId = '', rawType] = ctx.params;
  const taskType = parseInput(z.object({ taskType: taskTypeSchema }), { taskType: rawType }).taskType;
  if (!ctx.store.findUserById(ctx.tenantId, userId)) throw new ApiError('USER_NOT_FOUND');
  const task = ctx.store.latestTask(ctx.tenantId, userId, taskType);
  if (!task) throw new ApiError('TASK_NOT_FOUND');
  return okAnswer({
    createdTime: task.createdTime,
    id: task.id,
    jobType: task.jobType,
    pubUserId: task.userId,
    state: task.state,
  });
};

import { z } from 'zod';
import { everyone } from '../access.ts';
import { noInput } from '../inputs.ts';
import { operation, returns, slice } from '../operation.ts';

export const calendarOperations = slice('calendar', {
  'calendar/import': operation({
    summary: '导入年度节假日安排',
    input: z.object({ calendar: z.unknown() }).strict(),
    access: ['admin'],
    writes: true,
    output: returns<{ year: number; years: number[] }>(),
  }),
  'calendar/years': operation({
    summary: '已载入的节假日年度',
    input: noInput,
    access: everyone,
    writes: false,
    output: returns<number[]>(),
  }),
});

import { defineHandlers } from './types.ts';

export const calendarHandlers = defineHandlers('calendar', {
  'calendar/import': ({ calendar }, context) =>
    context.env.store.write(context.writeContext(), (tx) => {
      const year = context.env.calendar.import(tx, calendar);
      return { year, years: context.env.calendar.get(tx).coveredYears() };
    }),
  'calendar/years': (_input, { env }) => env.store.read((tx) => env.calendar.get(tx).coveredYears()),
});

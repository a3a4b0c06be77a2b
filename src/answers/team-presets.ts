import type { TeamAnswers } from './answers.js';

/** The first tutorial's team groups, offered as presets by the wizard. */
export const tutorialTeams: readonly TeamAnswers[] = [
  { name: 'Business-Analysts', policies: ['AmazonDynamoDBReadOnlyAccess'], mfaPolicy: true },
  { name: 'Developers', policies: ['PowerUserAccess'], mfaPolicy: true },
];

import { describe, expect, it } from 'vitest';
import { feedbackForm } from '../../../functions/http/feedback-page.ts';

describe('feedback page', () => {
  describe('feedbackForm', () => {
    it('says until when the rating can be given, in Beijing time', () => {
      const expiresAt = '2027-02-03T19:30:00.000Z';
      expect(feedbackForm({ lang: 'zh', langSwitch: true }, 'csrf', expiresAt)).toContain(
        '请在 2027-02-04 03:30（北京时间）前评价。',
      );
      expect(feedbackForm({ lang: 'en', langSwitch: true }, 'csrf', expiresAt)).toContain(
        'You can answer until 2027-02-04 03:30 Beijing time.',
      );
    });
  });
});

import { describe, expect, it } from 'vitest';
import { detectLanguage, resolveLanguage } from '../../../src/extract/index.ts';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Ukrainian intelligence believes that North Korea is sending thousands of its own soldiers to fight for Russia.'],
    ['en', 'Russia says no, but Ukraine and South Korea point to a deepening relationship between Pyongyang and Moscow.'],
    ['ru', 'Зеленский заявил, что КНДР направляет в Россию военнослужащих, чтобы помочь Путину в войне.'],
    ['uk', 'Зеленський заявив, що КНДР направляє до Росії військових, щоб допомогти Путіну у війні проти України.'],
    ['de', 'Georgien hat am 26. Oktober ein neues Parlament gewählt; Beobachter berichten von Druck auf Wähler und Unregelmäßigkeiten.'],
    ['fr', 'Le président ukrainien a affirmé que des soldats nord-coréens avaient été envoyés en Russie pour combattre.'],
    ['es', 'El presidente de Ucrania afirmó que los soldados norcoreanos fueron enviados a Rusia para apoyar la ofensiva.'],
    ['it', 'Il presidente ucraino ha detto che i soldati nordcoreani sono stati inviati in Russia per combattere.'],
    ['ja', '北朝鮮の兵士がロシアに派遣されたとウクライナの情報機関が発表した。これは重大な事態である。'],
    ['ko', '북한군 병사들이 러시아에 파견되었다고 우크라이나 정보당국이 밝혔다. 이는 심각한 사태이다.'],
  ])('when the text is %s, then it is detected as such', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('when the text is too short to tell, then null', () => {
    expect(detectLanguage('Putin says no')).toBeNull();
  });

  it('when a language is declared, then its primary subtag wins over detection', () => {
    expect(resolveLanguage('pt-BR', 'Ukrainian intelligence believes that North Korea is sending thousands of soldiers.')).toBe('pt');
    expect(resolveLanguage(null, 'Ukrainian intelligence believes that North Korea is sending thousands of soldiers.')).toBe('en');
  });
});

import { describe, expect, it } from 'vitest';
import { templateNames, unresolvedInHost } from './template-names';

describe('templateNames / unresolvedInHost', () => {
  it('lists names once, in order, case kept', () => {
    expect(templateNames('{{baseUrl}}/a/{{Id}}?q={{baseUrl}}&{{$guid}}')).toEqual(['baseUrl', 'Id', '$guid']);
    expect(templateNames('no templates {{ }')).toEqual([]);
  });

  it.each([
    ['http://{{baseUrl}}/echo', ['baseUrl']],
    ['https://api.{{Region}}.example.com:{{port}}/x', ['Region', 'port']],
    ['{{host}}', ['host']],
    ['http://example.com/{{path}}?q={{q}}#{{f}}', []],
    ['http://example.com', []],
  ])('%s → %j', (url, names) => {
    expect(unresolvedInHost(url)).toEqual(names);
  });
});

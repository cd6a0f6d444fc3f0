import { BadRequestException } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { fieldRefusal, messageLine, type FieldProblem, type FieldRefusal } from './field-messages.js';

/** The body of a field refusal: every field's line in `message` (as before), and the same as data in `fields`. */
export interface FieldRefusalBody {
  statusCode: 400;
  error: 'Bad Request';
  message: string[];
  fields: FieldRefusal[];
}

export const fieldRefusalBody = (refusals: readonly FieldRefusal[]): FieldRefusalBody => ({
  statusCode: 400,
  error: 'Bad Request',
  message: refusals.map(messageLine),
  fields: [...refusals],
});

/** A 400 for fields the API refuses outside class-validator (the control-character check), in the same shape. */
export const fieldsRefused = (problems: readonly FieldProblem[]) => new BadRequestException(fieldRefusalBody(problems.map(fieldRefusal)));

/** The declared rule behind a failed constraint, for its arguments (200 of MaxLength(200)) and whether it was per value. */
function ruleOf(target: object | undefined, property: string, constraint: string): { args?: readonly unknown[]; each?: boolean } {
  if (!target) return {};
  const rules = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const rule = rules.find((r) => r.propertyName === property && (r.name === constraint || r.type === constraint));
  return rule ? { args: rule.constraints, each: rule.each } : {};
}

/** Every failed constraint in the tree, with the path of its field (`goals.0.target`). */
function* problemsOf(errors: readonly ValidationError[], parent: readonly string[]): Generator<FieldProblem> {
  for (const error of errors) {
    const path = [...parent, error.property];
    const owner = error.target?.constructor.name;
    for (const constraint of Object.keys(error.constraints ?? {})) {
      yield { path, constraint, owner, ...ruleOf(error.target, error.property, constraint) };
    }
    yield* problemsOf(error.children ?? [], path);
  }
}

/**
 * The ValidationPipe's exceptionFactory: class-validator's findings as one 400 whose every line names its field and
 * says what is wrong in Chinese (field-messages.ts). The pipe must keep the errors' target (validationError.target),
 * which tells each field's DTO and the arguments of its rules.
 */
export const validationRefusal = (errors: ValidationError[]) => fieldsRefused([...problemsOf(errors, [])]);

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson } from '../sandbox/http';

/** aws-local-stepfunctions needs Promise.withResolvers, which Node 20 lacks. */
const polyfillWithResolvers = () => {
  const P = Promise as unknown as { withResolvers?: unknown };
  P.withResolvers ??= <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
};

type Task = (input: unknown) => Promise<unknown>;

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  input: string;
  /** States entered so far: what Step Functions counts as state transitions. */
  transitions: number;
  output?: string;
  error?: string;
  abort: () => void;
  done: Promise<void>;
}

export interface LocalStepFunctions {
  endpoint: string;
  stateMachineArn: string;
  executions: Map<string, Execution>;
  /** Resolves when no execution is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const awsError = (res: ServerResponse, type: string, message: string) => sendJson(res, 400, { __type: type, message });

/**
 * A Step Functions endpoint (StartExecution, DescribeExecution, StopExecution over the AWS JSON 1.0 protocol)
 * that runs the ASL definition with aws-local-stepfunctions, each Task bound to its handler by resource ARN.
 */
export const startStepFunctions = async (options: {
  definition: string;
  stateMachineArn: string;
  tasks: Record<string, Task>;
}): Promise<LocalStepFunctions> => {
  polyfillWithResolvers();
  const { StateMachine } = await import('aws-local-stepfunctions');
  const definition = JSON.parse(options.definition) as { States: Record<string, { Type: string; Resource?: string }> };
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(definition.States)
      .filter(([, s]) => s.Type === 'Task' && s.Resource)
      .map(([name, s]) => {
        const task = options.tasks[s.Resource as string];
        if (!task) throw new Error(`no local handler for task resource ${s.Resource}`);
        return [name, task];
      }),
  );
  const executions = new Map<string, Execution>();

  const start = (body: { stateMachineArn?: string; name?: string; input?: string }, res: ServerResponse) => {
    if (body.stateMachineArn !== options.stateMachineArn) {
      return awsError(res, 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${body.stateMachineArn}'`);
    }
    const name = body.name ?? randomUUID();
    const executionArn = `${options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    if (executions.has(executionArn))
      return awsError(res, 'ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    const input = body.input ?? '{}';
    const run = machine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers } as never,
      noThrowOnAbort: true,
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn: options.stateMachineArn,
      name,
      status: 'RUNNING',
      startDate: Date.now() / 1000,
      input,
      transitions: 0,
      abort: run.abort,
      done: Promise.resolve(),
    };
    execution.done = run.result
      .then(
        (output) => {
          if (execution.status === 'RUNNING') execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output);
        },
        (error: Error) => {
          execution.status = error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
          execution.error = error.message;
        },
      )
      .finally(() => {
        execution.stopDate = Date.now() / 1000;
      });
    (async () => {
      for await (const event of run.eventLogs) if (event.type === 'StateEntered') execution.transitions++;
    })().catch(() => undefined);
    executions.set(executionArn, execution);
    sendJson(res, 200, { executionArn, startDate: execution.startDate });
  };

  const describe = (e: Execution) => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate,
    ...(e.stopDate ? { stopDate: e.stopDate } : {}),
    input: e.input,
    ...(e.output ? { output: e.output } : {}),
    ...(e.error ? { error: 'States.Runtime', cause: e.error } : {}),
  });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const body = JSON.parse((await readBody(req)) || '{}');
    const execution = executions.get(body.executionArn);
    switch (target) {
      case 'StartExecution':
        return start(body, res);
      case 'DescribeExecution':
        if (!execution) return awsError(res, 'ExecutionDoesNotExist', 'Execution Does Not Exist');
        return sendJson(res, 200, describe(execution));
      case 'StopExecution':
        if (!execution) return awsError(res, 'ExecutionDoesNotExist', 'Execution Does Not Exist');
        if (execution.status === 'RUNNING') {
          execution.status = 'ABORTED';
          execution.abort();
        }
        return sendJson(res, 200, { stopDate: Date.now() / 1000 });
      default:
        return awsError(res, 'UnknownOperationException', `${target} is not supported locally`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stateMachineArn: options.stateMachineArn,
    executions,
    idle: async () => {
      for (;;) {
        const running = [...executions.values()].filter((e) => e.status === 'RUNNING');
        if (!running.length) return;
        await Promise.all(running.map((e) => e.done));
      }
    },
    close: async () => {
      for (const e of executions.values()) if (e.status === 'RUNNING') e.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

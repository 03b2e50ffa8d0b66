/** The Koa example app, through the example suite shared with Express. */
import * as example from '../../../examples/koa-app/main.js';
import { describeExampleApp } from '../http-contract/example-contract.js';

describeExampleApp('koa', example);

/** The Express example app, through the shared example suite. */
import * as example from '../../../examples/express-app/main.js';
import { describeExampleApp } from '../http-contract/example-contract.js';

describeExampleApp('express', example);

// The console's entry: the shell, then one import per page (each registers itself, in sidebar
// order). A family's page is a module under pages/ added here.
import { start, wireHeader } from './shell.js';
import './pages/images.js';
import './pages/image-builders.js';
import './pages/fleets.js';
import './pages/stacks.js';
import './pages/elastic.js';
import './pages/users.js';
import './pages/directory-configs.js';

wireHeader();
start();

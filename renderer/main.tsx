import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { applyCachedTheme } from './app/theme.js';
import { connectTransport } from './transport/index.js';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/shell.css';
import './styles/side-list.css';

applyCachedTheme();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App transport={connectTransport()} />
  </StrictMode>,
);

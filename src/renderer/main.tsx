/** Renderer entry: picks the transport (preload or WebSocket bridge) and mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { createZephyrClient, ZephyrProvider } from './lib/api.js';
import './styles/app.css';
import './styles/compact.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
const client = createZephyrClient(window);
createRoot(container).render(
  <StrictMode>
    <ZephyrProvider client={client}>
      <App />
    </ZephyrProvider>
  </StrictMode>,
);

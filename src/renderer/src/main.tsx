import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createEngineClient } from './client/engine-client';
import { createAppStore } from './store/app-store';
import { StoreProvider } from './store/react';
import './styles.css';

const client = createEngineClient();
const store = createAppStore(client);
store.start();

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
